import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Export' };

export default async function ExportPage() {
  await requirePagePermission('data:export');
  return (
    <>
      <h1>Cohort export</h1>
      <div className="card stack">
        <p>One CSV row per antibody result, enzyme result or visit measure, for research. Every export is recorded in the audit log.</p>
        <form method="get" action="/export/cohort" className="stack">
          <label><input type="checkbox" name="deidentified" value="1" defaultChecked /> De-identify: drop names and MRN, renumber patients, keep birth year only, and shift each patient&apos;s dates by a random offset (up to ±180 days, new for every export) so intervals are kept.</label>
          <button className="btn" type="submit">Download CSV</button>
        </form>
      </div>
    </>
  );
}
