import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { pageData, routeId } from '@/lib/actions/page-data';
import { inboxResolution } from '@/lib/dal/hl7-inbox-resolve';
import { listPatients } from '@/lib/dal/patients';
import { requirePagePermission } from '@/lib/dal/session';
import { ResolveForm } from './resolve-form';

export const metadata: Metadata = { title: 'Resolve a lab message' };

/**
 * Resolving one held lab-feed message in place (issue 19, item 4): find the patient
 * by MRN or name (their name and birth date shown beside the lab's), say what each
 * unmapped code is, and file. Nurses and physicians only (filing stores results).
 */
export default async function ResolveInboxPage({ params, searchParams }: {
  params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission('lab:import');
  const id = routeId((await params).id);
  const q = (await searchParams).q;
  const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
  const item = pageData(() => inboxResolution(actor, id));
  const found = query ? pageData(() => listPatients(actor, { q: query })).patients.slice(0, 10) : [];
  return (
    <>
      <h1>Resolve a lab message</h1>
      <p><Link href="/lab-inbox">Back to the lab inbox</Link></p>
      <div className="card stack">
        <p><strong>Patient as the lab sent them:</strong> <span data-testid="as-sent">{item.patientAsSent || 'not named'}</span></p>
        <p><strong>Why it was not filed:</strong> <span data-testid="why-held">{item.problem}</span></p>
        <p className="muted">Message {item.controlId}. {item.mrnKnown ? 'The lab\'s MRN names a registered patient.' : 'The lab\'s MRN names no registered patient: choose the patient these results belong to.'}</p>
      </div>
      <form method="get" className="card row" role="search" aria-label="Find the patient">
        <div className="field">
          <label htmlFor="inbox-q">Find the patient (MRN or name)</label>
          <input id="inbox-q" name="q" defaultValue={query} maxLength={100} />
        </div>
        <button className="btn secondary" type="submit">Search</button>
      </form>
      {query && found.length === 0 ? <p className="hint" role="status">No registered patient matches “{query}”.</p> : null}
      <ResolveForm id={item.id} mrnKnown={item.mrnKnown} mappings={item.mappings}
        patients={found.map((p) => ({ id: p.id, label: `${p.familyName}, ${p.givenName} · born ${p.birthDate} · MRN ${p.mrn}` }))} />
    </>
  );
}
