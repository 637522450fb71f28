import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientResults } from '@/lib/dal/patient-page';
import { listAssays } from '@/lib/dal/assays';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { AntibodySection } from '../antibody-section';
import { EnzymeSection } from '../enzyme-section';
import { PatientTabs } from '../patient-tabs';
import { tableView } from '../table-view';

export const metadata: Metadata = { title: 'Lab results' };

/** The record's lab results tab: anti-Mi2 and muscle enzyme results, each with its entry form. */
export default async function PatientResultsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ all?: string | string[] }> }) {
  const actor = await requirePagePermission('patient:view');
  const id = routeId((await params).id);
  const view = tableView(id, (await searchParams).all, null);
  const page = pageData(() => getPatientResults(actor, id, view));
  const assays = listAssays(actor, { activeOnly: true });
  const canWrite = can(actor, 'lab:write');
  return (
    <>
      <PatientHeader {...page.patient} />
      <PatientTabs patientId={id} active="results" />
      <section className="card" aria-labelledby="abs-h">
        <h2 id="abs-h">Anti-Mi2 results</h2>
        <AntibodySection page={page} assays={assays} canWrite={canWrite} view={view} />
      </section>
      <section className="card" aria-labelledby="enz-h">
        <h2 id="enz-h">Muscle enzymes</h2>
        <EnzymeSection page={page} canWrite={canWrite} view={view} />
      </section>
    </>
  );
}
