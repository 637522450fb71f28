/**
 * Which catalog assay an incoming anti-Mi2 result belongs to. Results are only
 * comparable within one assay (docs/domain.md section 2), so the import never
 * guesses between assays: it takes the assay the sender names (method.text, lab as
 * performer), else the only active assay of that analyte and unit, else refuses.
 */
import type { Analyte } from '../types';
import { ANALYTE_DISPLAY, antibodyUcum } from './codes';
import type { AntibodyPlan } from './import-labs';
import { quote, reject } from './import-values';

export interface CatalogAssay {
  id: number;
  name: string;
  lab: string;
  analyte: Analyte;
  unit: string;
  qualitativeOnly: boolean;
  active: boolean;
}

const fold = (s: string) => s.trim().toLowerCase();

/**
 * How the sender's unit fits an assay's: the same text ("units"), or only the same
 * UCUM code ([arb'U] fits "units" and "SIU" alike: a weaker match, used only when
 * no assay has the sender's unit text, since arbitrary units of two assays differ).
 */
export function unitFit(assayUnit: string, unit: AntibodyPlan['unit']): 'text' | 'code' | 'none' {
  if (unit === null || (unit.text === undefined && unit.code === undefined)) return 'text';
  if (unit.text !== undefined && fold(unit.text) === fold(assayUnit)) return 'text';
  const ucum = antibodyUcum(assayUnit);
  return unit.code !== undefined && ucum !== null && unit.code === ucum ? 'code' : 'none';
}

export function matchAssay(catalog: readonly CatalogAssay[], plan: AntibodyPlan): CatalogAssay {
  const what = ANALYTE_DISPLAY[plan.analyte];
  const unitText = plan.unit?.text ?? plan.unit?.code;
  let fits = catalog.filter((a) => a.active && a.analyte === plan.analyte);
  if (plan.value !== null) {
    const numeric = fits.filter((a) => !a.qualitativeOnly);
    const byText = numeric.filter((a) => unitFit(a.unit, plan.unit) === 'text');
    fits = byText.length ? byText : numeric.filter((a) => unitFit(a.unit, plan.unit) === 'code');
  }
  const { name, lab } = plan.assay;
  if (name !== undefined) {
    const named = fits.filter((a) => fold(a.name) === fold(name) && (lab === undefined || fold(a.lab) === fold(lab)));
    if (named.length === 1) return named[0]!;
  }
  if (fits.length > 1 && plan.value === null) {
    const categoryOnly = fits.filter((a) => a.qualitativeOnly);
    if (categoryOnly.length === 1) return categoryOnly[0]!;
  }
  if (fits.length === 1) return fits[0]!;
  if (fits.length === 0) {
    return reject(`No active assay in the catalog reports ${what}${unitText ? ` in ${quote(unitText)}` : ''}${name ? ` (sender's assay: ${quote(name)})` : ''}; an administrator can add it under Assays. Results of different assays are not comparable (docs/domain.md section 2).`);
  }
  return reject(`Several catalog assays could have produced this ${what} result (${fits.map((a) => a.name).join('; ')}): name the assay in Observation.method.text.`);
}
