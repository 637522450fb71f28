import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePagePermission } from '@/lib/dal/session';
import { listAssays } from '@/lib/dal/assays';
import { routeId } from '@/lib/actions/page-data';
import { formNumber } from '@/lib/validation/field-rules';
import { AssayForm } from '../assay-forms';

export const metadata: Metadata = { title: 'Edit assay' };

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export default async function EditAssayPage({ params }: { params: Promise<{ assayId: string }> }) {
  const actor = await requirePagePermission('assay:manage');
  const id = routeId((await params).assayId);
  const a = listAssays(actor).find((x) => x.id === id);
  if (!a) notFound();
  const initial = {
    name: a.name, analyte: a.analyte, method: a.method, kit: a.kit, lab: a.lab, unit: a.unit, cutoff: formNumber(a.cutoff),
    positiveFrom: formNumber(a.positiveFrom), strongAbove: formNumber(a.strongAbove), measuringMax: formNumber(a.measuringMax), loinc: str(a.loinc), qualitativeOnly: a.qualitativeOnly ? 'on' : '', cutoffDilutionPositive: a.cutoffDilutionPositive ? 'on' : '',
  };
  return (
    <>
      <h1>Edit assay: {a.name}</h1>
      <p className="muted">Results already recorded keep the cut-off and limits they were read with; changes apply to results entered from now on.</p>
      <div className="card"><AssayForm id={a.id} initial={initial} /></div>
    </>
  );
}
