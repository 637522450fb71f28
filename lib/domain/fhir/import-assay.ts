/**
 * Which catalog assay an incoming anti-Mi2 result belongs to. Results are only
 * comparable within one assay (docs/clinical/assays.md), so the import never
 * guesses between assays: it takes the assay the sender names exactly (method.text,
 * with the lab as performer: Titerline's own export), or the one a person confirmed
 * for the sender's code (the code map). Anything else is a code to map, offered with
 * candidates in the preview (lib/domain/fhir/import-candidates.ts).
 */
import type { Analyte, AssayMethod } from '../types';
import { ANALYTE_DISPLAY, antibodyUcum } from './codes';
import type { AntibodyPlan } from './import-labs';
import { quote, reject } from './import-values';

export interface CatalogAssay {
  id: number;
  name: string;
  lab: string;
  analyte: Analyte;
  method: AssayMethod;
  unit: string;
  qualitativeOnly: boolean;
  cutoff: number | null;
  positiveFrom: number | null;
  strongAbove: number | null;
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

/**
 * The active assay the sender names exactly: the catalog name in method.text (and
 * the lab as performer when it gives one), of the result's analyte, in a unit the
 * assay reports. Undefined when it names none, or names it ambiguously.
 */
export function namedAssay(catalog: readonly CatalogAssay[], plan: Pick<AntibodyPlan, 'analyte' | 'value' | 'unit' | 'assay'>): CatalogAssay | undefined {
  const { name, lab } = plan.assay;
  if (name === undefined) return undefined;
  const named = catalog.filter((a) => a.active && a.analyte === plan.analyte && fold(a.name) === fold(name) && (lab === undefined || fold(a.lab) === fold(lab)));
  const fitting = plan.value === null ? named : named.filter((a) => !a.qualitativeOnly && unitFit(a.unit, plan.unit) !== 'none');
  return fitting.length === 1 ? fitting[0] : undefined;
}

/**
 * A mapped assay must still be able to hold the result: active, the analyte the
 * sender's standard code says (if it says one), a number only where the assay reports
 * numbers, in the assay's unit (never converted: arbitrary units of two assays differ).
 */
export function checkMappedAssay(assay: CatalogAssay | undefined, plan: Pick<AntibodyPlan, 'value' | 'unit'>, analyte: Analyte | null): CatalogAssay {
  if (!assay) return reject('The code map names an assay that is no longer in the catalog: correct the mapping under Admin, Code map.');
  if (!assay.active) return reject(`The code map names ${quote(assay.name)}, which is deactivated: correct the mapping under Admin, Code map, or reactivate the assay.`);
  if (analyte !== null && analyte !== assay.analyte) {
    return reject(`The code map names ${quote(assay.name)} (${ANALYTE_DISPLAY[assay.analyte]}), but the result's code is ${ANALYTE_DISPLAY[analyte]}: correct the mapping under Admin, Code map.`);
  }
  if (plan.value !== null && assay.qualitativeOnly) return reject(`${quote(assay.name)} reports a category only, but this result is a number: correct the mapping under Admin, Code map.`);
  if (plan.value !== null && unitFit(assay.unit, plan.unit) === 'none') {
    return reject(`This result is in ${quote(plan.unit?.text ?? plan.unit?.code ?? '')}, but ${quote(assay.name)}, which the code map names, reports in ${quote(assay.unit)}: units of two assays are not converted. Ask the lab, or correct the mapping under Admin, Code map.`);
  }
  return assay;
}
