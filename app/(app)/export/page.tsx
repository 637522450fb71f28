import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export const metadata: Metadata = { title: 'Export' };

export default async function ExportPage() {
  const actor = await requirePagePermission('data:export');
  const mayIdentify = can(actor, 'data:export-identified');
  return (
    <>
      <h1>Cohort export</h1>
      <div className="card stack">
        <p>
          One row per antibody result, enzyme result or visit measure, for research: a ZIP with the data (CSV), a data dictionary and a
          README that says how the data were de-identified. Every export is recorded in the audit log.
        </p>
        <p>
          De-identified by default: no names or MRNs, random pseudonyms new for every export, every patient&apos;s dates moved back by a
          random 1 to 365 days (intervals kept), and birth year, sex and diagnosis group coarsened so that each combination is shared by at
          least 5 patients.
        </p>
        <form method="get" action="/export/cohort" className="stack">
          {mayIdentify ? (
            <label><input type="checkbox" name="identified" value="1" /> Identified export instead: names, MRNs and real dates (only for use where patient records may be kept).</label>
          ) : (
            <p className="muted">Your role exports de-identified data only.</p>
          )}
          <button className="btn" type="submit">Download ZIP</button>
        </form>
      </div>
    </>
  );
}
