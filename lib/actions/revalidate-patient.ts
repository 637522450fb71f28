import { revalidatePath } from 'next/cache';

/** The URLs of a patient's record: the overview and its tabs (docs/decisions/0013). */
const TAB_PATHS = ['', '/results', '/visits', '/medications'];

/**
 * After a change to a patient, every tab of the record is refreshed: a new result
 * changes the overview's signals and timeline as well as the results tab. Literal
 * URLs, not a route pattern with 'layout' (whose cache tag names the route, not the
 * patient, and no page carries it).
 */
export function revalidatePatient(patientId: number): void {
  for (const tab of TAB_PATHS) revalidatePath(`/patients/${patientId}${tab}`);
}
