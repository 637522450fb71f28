import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { Pager } from '@/app/ui/pager';
import { requirePagePermission } from '@/lib/dal/session';
import { listPatients } from '@/lib/dal/patients';
import { can } from '@/lib/permissions';
import { DIAGNOSIS_LABELS } from '@/lib/validation/patients';

export const metadata: Metadata = { title: 'Patients' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const SORT_LABELS = { name: 'Name', mrn: 'MRN', birth: 'Birth date', updated: 'Recently changed' } as const;

export default async function PatientsPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePagePermission('patient:view');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const list = listPatients(actor, raw);
  const href = (page: number) => `?${new URLSearchParams({ ...(list.q ? { q: list.q } : {}), sort: list.sort, page: String(page) })}`;
  return (
    <>
      <div className="section-head">
        <h1>Patients</h1>
        {can(actor, 'patient:edit') ? <Link className="btn" href="/patients/new">Register patient</Link> : null}
      </div>
      <form className="card row" method="get" role="search" aria-label="Find patients">
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="q">Search by MRN or name</label>
          <input id="q" name="q" type="search" defaultValue={list.q} maxLength={100} placeholder="e.g. MRN-1004 or Garcia" />
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={list.sort}>
            {Object.entries(SORT_LABELS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select>
        </div>
        <button className="btn" type="submit">Search</button>
      </form>
      <p className="muted" aria-live="polite">{list.total} patient{list.total === 1 ? '' : 's'}{list.q ? ` matching “${list.q}”` : ''}</p>
      <div className="table-wrap">
        <table className="table" data-testid="patient-list">
          <thead>
            <tr><th>Name</th><th>MRN</th><th className="num">Age</th><th>Sex</th><th>Diagnosis</th><th>Physician</th></tr>
          </thead>
          <tbody>
            {list.patients.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/patients/${p.id}`}>{p.familyName.toUpperCase()}, {p.givenName}</Link></td>
                <td>{p.mrn}</td>
                <td className="num">{p.age ?? '—'}</td>
                <td>{p.sex}</td>
                <td>{DIAGNOSIS_LABELS[p.diagnosisGroup]}</td>
                <td>{p.physicianName ?? '—'}</td>
              </tr>
            ))}
            {list.patients.length === 0 ? <tr><td colSpan={6} className="muted">No patients found.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pager page={list.page} pages={list.pages} href={href} />
    </>
  );
}
