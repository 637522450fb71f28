import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { listAssays } from '@/lib/dal/assays';
import { ANALYTE_LABELS, METHOD_LABELS } from '@/lib/validation/labs';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { Link } from '@/app/ui/link';
import { AssayForm, ToggleAssay } from './assay-forms';

export const metadata: Metadata = { title: 'Assay catalog' };

export default async function AssaysPage() {
  const actor = await requirePagePermission('assay:manage');
  const assays = listAssays(actor);
  return (
    <>
      <h1>Assay catalog</h1>
      <p className="muted">Each result keeps the cut-off it was read with; changing the catalog never rewrites old results.</p>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>Name</th><th>Analyte</th><th>Method</th><th>Lab</th><th>Unit</th><th className="num">Cut-off</th><th className="num">Positive from</th><th className="num">Strong above</th><th className="num">Measures up to</th><th>LOINC</th><th>Status</th><th /></tr></thead>
          <tbody>
            {assays.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td><td>{ANALYTE_LABELS[a.analyte]}</td><td>{METHOD_LABELS[a.method]}</td><td>{a.lab}</td><td>{a.unit}</td>
                <td className="num">{a.qualitativeOnly ? 'category' : fmtNum(a.cutoff)}</td><td className="num">{fmtNum(a.positiveFrom)}</td><td className="num">{fmtNum(a.strongAbove)}</td><td className="num">{fmtNum(a.measuringMax)}</td>
                <td>{a.loinc ?? '—'}</td><td>{a.active ? <Badge tone="ok">Active</Badge> : <Badge>Inactive</Badge>}</td>
                <td className="row"><Link href={`/admin/assays/${a.id}`}>Edit</Link> <ToggleAssay id={a.id} active={a.active} name={a.name} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="new-assay"><h2 id="new-assay">Add an assay</h2><AssayForm /></section>
    </>
  );
}
