import { Link } from '@/app/ui/link';
import type { PatientTab } from '@/lib/dal/patient-page';

const TABS: { tab: PatientTab; path: string; label: string }[] = [
  { tab: 'overview', path: '', label: 'Overview' },
  { tab: 'results', path: '/results', label: 'Lab results' },
  { tab: 'visits', path: '/visits', label: 'Visits and strength' },
  { tab: 'medications', path: '/medications', label: 'Immunosuppression' },
];

/** The URL of a tab of the patient's record. */
export const tabHref = (patientId: number, tab: PatientTab) => `/patients/${patientId}${TABS.find((t) => t.tab === tab)!.path}`;

/**
 * The record's tabs, under the patient header: the overview (signals, treatment,
 * timeline) and one tab per kind of row with its entry form (docs/decisions/0013).
 * On a page under a tab (a result's history, a new visit) that tab is marked as
 * the current section (`aria-current="true"`), not as the current page.
 */
export function PatientTabs({ patientId, active, under = false }: { patientId: number; active: PatientTab; under?: boolean }) {
  return (
    <nav className="record-tabs no-print" aria-label="Patient record">
      {TABS.map((t) => (
        <Link key={t.tab} href={tabHref(patientId, t.tab)} aria-current={t.tab === active ? (under ? 'true' : 'page') : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}
