/**
 * Incoming MedicationStatements as dose epochs (docs/clinical/treatment.md: one
 * MedicationStatement per epoch). The form built here is the one the product's own
 * "start a drug" path validates (lib/validation/medications.ts epochSchema, then
 * overlap and date checks in lib/dal/medications.ts).
 * The drug is the catalog's when the sender names it exactly (Titerline's code or
 * the catalog name), else what the confirmed code map says; anything else is a code
 * to map (issue 18, item 2). A missing route or timing is stored as "not stated" and
 * said in the report (item 3); the drug, dose and dates stay required.
 */
import { CHANGE_REASONS, DRUG_CATALOG, findDrug, isChangeReason } from '../medications';
import { DOSE_UNITS, FREQUENCY_NOT_STATED, ROUTE_LABELS, ROUTES } from '../medication-options';
import { DOSE_UCUM, EXT, ROUTE_SNOMED, SYSTEM } from './codes';
import { senderCodesOf, type CodeMap, type SenderCode } from './import-code-map';
import {
  asString, clinicDay, codeIn, codingsOf, conceptText, extensionValue, isObject, objects, parseQuantity, quote, reject, unitLabel, type Json,
} from './import-values';

const REASONS = CHANGE_REASONS.map((r) => r.label.toLowerCase()).join(', ');

/** A change reason from our code, or from its label as text (e.g. "Side effect"). */
function reasonOf(concept: unknown, label: string): string {
  const code = codeIn(concept, SYSTEM.changeReason);
  if (code !== undefined && isChangeReason(code)) return code;
  const text = conceptText(concept)?.trim().toLowerCase();
  return CHANGE_REASONS.find((r) => r.label.toLowerCase() === text || r.key === text)?.key
    ?? reject(`${label} ${quote(conceptText(concept) ?? code ?? '')} is not one of: ${REASONS}.`);
}

type DrugFields = { drug: string; otherName: string; otherImmunosuppressant: string };

/** How the drug was read: the fields of the epoch form, a drug the map says is not recorded, or a code to map. */
export type DrugReading =
  | { kind: 'drug'; fields: DrugFields; mapped: boolean }
  | { kind: 'ignore' }
  | { kind: 'unmapped'; code: SenderCode; codings: { system?: string; code?: string }[]; text?: string };

const otherFields = (name: string | undefined, immunosuppressant: boolean): DrugFields => ({
  drug: 'other', otherName: (name ?? reject('The drug has a code but no name: Titerline records another drug under its name.')).trim(), otherImmunosuppressant: immunosuppressant ? 'yes' : 'no',
});

/** Reads the drug of a statement from its concept (medicationCodeableConcept, or the referenced Medication's code). */
export function readDrug(r: Json, med: unknown, map: CodeMap): DrugReading {
  if (!isObject(med)) return reject('No drug: give medicationCodeableConcept, or a medicationReference to a Medication in the Bundle.');
  const name = conceptText(med)?.trim();
  const key = codeIn(med, SYSTEM.drug);
  const listed = (key !== undefined ? DRUG_CATALOG.find((d) => d.key === key) : undefined) ?? findDrug(name ?? '');
  if (listed && listed.key !== 'other') return { kind: 'drug', fields: { drug: listed.key, otherName: '', otherImmunosuppressant: '' }, mapped: false };
  const codes = senderCodesOf(med, 'drug', '');
  const found = map.lookup(codes);
  if (found && 'clash' in found) reject(`The code map names different drugs for this statement's codes (${found.clash.map((c) => `${c.system}|${c.code}`).join(', ')}): correct the mappings under Admin, Code map.`);
  if (found) {
    const t = found.hit.target;
    if (t.kind === 'ignore') return { kind: 'ignore' };
    if (t.kind !== 'drug') return reject('The code map names a lab test for this drug code: correct the mapping under Admin, Code map.');
    if (t.drug === 'other') return { kind: 'drug', fields: otherFields(name, t.immunosuppressant === true), mapped: true };
    return { kind: 'drug', fields: { drug: t.drug, otherName: '', otherImmunosuppressant: '' }, mapped: true };
  }
  // Titerline's own export of a drug outside the catalog says whether it suppresses the immune system.
  const suppresses = extensionValue(r, EXT.immunosuppressant, 'valueBoolean');
  if (typeof suppresses === 'boolean' && name) return { kind: 'drug', fields: otherFields(name, suppresses), mapped: false };
  const code = codes.find((c) => c.system !== 'urn:titerline:code-map:text') ?? codes[0] ?? reject('The drug has neither a code nor a name.');
  return { kind: 'unmapped', code, codings: codingsOf(med), text: name };
}

function doseFields(dosage: Json | undefined): { dose: number; doseUnit: string } {
  const dq = objects(dosage?.doseAndRate)[0]?.doseQuantity;
  if (dq === undefined) reject('No dose: dosage[0].doseAndRate[0].doseQuantity is needed.');
  const q = parseQuantity(dq, 'doseQuantity');
  const unit = DOSE_UNITS.find((u) => u === q.unit)
    ?? (q.system === SYSTEM.ucum ? DOSE_UNITS.find((u) => DOSE_UCUM[u] === q.code) : undefined)
    ?? reject(`Dose unit ${quote(unitLabel(q))} is not one of ${DOSE_UNITS.join(', ')}.`);
  return { dose: q.value, doseUnit: unit };
}

const ROUTE_WORDS: Readonly<Record<string, (typeof ROUTES)[number]>> = {
  po: 'oral', 'by mouth': 'oral', 'oral route': 'oral', 'oral use': 'oral', intravenous: 'iv', 'intravenous route': 'iv', 'intravenous use': 'iv',
  subcutaneous: 'sc', 'subcutaneous route': 'sc', 'subcutaneous use': 'sc', intramuscular: 'im', 'intramuscular route': 'im', 'intramuscular use': 'im',
  'topical route': 'topical', cutaneous: 'topical',
};

/** The route, or "not stated" when the sender gives none, or "other" for a route Titerline has no word for (both said in `notes`). */
function routeOf(dosage: Json | undefined, notes: string[]): string {
  const route = dosage?.route;
  if (route === undefined) {
    notes.push('No route given: stored as "not stated". For a pulse therapy given intravenously (rituximab, IVIG), record the route so its coverage between infusions counts.');
    return 'not-stated';
  }
  const own = codeIn(route, SYSTEM.route);
  if (own !== undefined && ROUTES.some((k) => k === own)) return own;
  const snomed = codeIn(route, SYSTEM.snomed);
  const bySnomed = Object.entries(ROUTE_SNOMED).find(([, code]) => code === snomed)?.[0];
  if (bySnomed) return bySnomed;
  const text = conceptText(route)?.trim().toLowerCase();
  const known = ROUTES.find((k) => k === text || ROUTE_LABELS[k].toLowerCase() === text) ?? (text ? ROUTE_WORDS[text] : undefined);
  if (known) return known;
  notes.push(`Route ${quote(conceptText(route) ?? codeIn(route, SYSTEM.snomed) ?? '(no text)')} is not one Titerline names: stored as "Other".`);
  return 'other';
}

const PERIOD_WORDS: Readonly<Record<string, string>> = { h: 'hour', d: 'day', wk: 'week', mo: 'month', a: 'year' };

/** Frequency as the text a clinician would type: timing.code.text, or words from timing.repeat; "not stated" (in `notes`) when there is none. */
function frequencyOf(dosage: Json | undefined, notes: string[]): string {
  const timing = isObject(dosage?.timing) ? dosage.timing : undefined;
  const text = conceptText(timing?.code)?.trim();
  if (text) return text;
  const rep = isObject(timing?.repeat) ? timing.repeat : undefined;
  const n = rep?.frequency ?? 1;
  const period = rep?.period ?? 1;
  const unit = typeof rep?.periodUnit === 'string' ? PERIOD_WORDS[rep.periodUnit] : undefined;
  const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 999;
  if (!unit || !whole(n) || !whole(period)) {
    notes.push(timing === undefined ? 'No timing given: frequency stored as "not stated".' : 'The timing could not be read as a frequency: stored as "not stated".');
    return FREQUENCY_NOT_STATED;
  }
  if (period === 1 && n === 1) return unit === 'day' ? 'daily' : `${unit}ly`;
  if (period === 1 && n === 2 && unit === 'day') return 'twice daily';
  return n === 1 ? `every ${period} ${unit}s` : `${n} times every ${period} ${unit}${period === 1 ? '' : 's'}`;
}

export interface MedicationPlan {
  form: Record<string, unknown>;
  /** Facts stored as "not stated" or "other": listed in the report as notes. */
  notes: string[];
  mapped: boolean;
}

/** Statuses of a dose that was taken; the others are listed as not recorded. */
export const TAKEN_STATUSES = ['active', 'completed', 'stopped'];

/**
 * One epoch from a MedicationStatement whose status is active, completed or stopped, and
 * whose drug is read. Its days are the clinic's (`timeZone`) when written with a time (decision 0044).
 */
export function parseMedication(r: Json, drug: DrugFields, timeZone: string): MedicationPlan {
  const status = r.status;
  const period = isObject(r.effectivePeriod) ? r.effectivePeriod : reject('No effectivePeriod: the epoch needs its start (and end, once stopped).');
  const startOn = clinicDay(period.start, 'effectivePeriod.start', timeZone);
  const endOn = period.end === undefined ? null : clinicDay(period.end, 'effectivePeriod.end', timeZone);
  if (status !== 'active' && endOn === null) reject(`A ${String(status)} statement needs effectivePeriod.end (the last day taken).`);
  const statusReason = objects(r.statusReason)[0];
  const startCode = asString(extensionValue(r, EXT.startReason, 'valueCode'));
  const dosage = objects(r.dosage)[0];
  const notes: string[] = [];
  return {
    form: {
      ...drug, ...doseFields(dosage), route: routeOf(dosage, notes), frequency: frequencyOf(dosage, notes), startOn, endOn: endOn ?? '',
      startReason: startCode === undefined ? 'started' : reasonOf({ coding: [{ system: SYSTEM.changeReason, code: startCode }] }, 'Start reason'),
      endReason: endOn === null ? '' : statusReason ? reasonOf(statusReason, 'statusReason') : 'stopped',
    },
    notes,
    mapped: false,
  };
}
