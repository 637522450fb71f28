/**
 * Incoming MedicationStatements as dose epochs (docs/domain.md section 6: one
 * MedicationStatement per epoch). The form built here is the one the product's own
 * "start a drug" path validates (lib/validation/medications.ts epochSchema, then
 * overlap and date checks in lib/dal/medications.ts).
 */
import { CHANGE_REASONS, DRUG_CATALOG, findDrug, isChangeReason } from '../medications';
import { DOSE_UNITS, ROUTE_LABELS, ROUTES } from '../../validation/medications';
import { DOSE_UCUM, EXT, ROUTE_SNOMED, SYSTEM } from './codes';
import {
  asString, codeIn, conceptText, extensionValue, isObject, objects, parseDay, parseQuantity, quote, reject, unitLabel, type Json,
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

function drugFields(r: Json): { drug: string; otherName: string; otherImmunosuppressant: string } {
  const med = r.medicationCodeableConcept;
  if (!isObject(med)) return reject('No medicationCodeableConcept: name the drug (a Medication reference is not supported).');
  const key = codeIn(med, SYSTEM.drug);
  const listed = (key !== undefined ? DRUG_CATALOG.find((d) => d.key === key) : undefined) ?? findDrug(conceptText(med) ?? '');
  if (listed && listed.key !== 'other') return { drug: listed.key, otherName: '', otherImmunosuppressant: '' };
  const name = conceptText(med)?.trim() ?? reject('The drug has neither a Titerline drug code nor a name.');
  const suppresses = extensionValue(r, EXT.immunosuppressant, 'valueBoolean');
  if (typeof suppresses !== 'boolean') {
    reject(`${quote(name)} is not in the drug catalog (${DRUG_CATALOG.filter((d) => d.key !== 'other').map((d) => d.label).join(', ')}); for another drug the ${EXT.immunosuppressant} extension must say whether it is an immunosuppressant.`);
  }
  return { drug: 'other', otherName: name, otherImmunosuppressant: suppresses ? 'yes' : 'no' };
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

function routeOf(dosage: Json | undefined): string {
  const route = dosage?.route;
  const own = codeIn(route, SYSTEM.route);
  if (own !== undefined && ROUTES.some((k) => k === own)) return own;
  const snomed = codeIn(route, SYSTEM.snomed);
  const bySnomed = Object.entries(ROUTE_SNOMED).find(([, code]) => code === snomed)?.[0];
  if (bySnomed) return bySnomed;
  const text = conceptText(route)?.trim().toLowerCase();
  return ROUTES.find((k) => k === text || ROUTE_LABELS[k].toLowerCase() === text)
    ?? reject(`Route ${quote(conceptText(route) ?? '(none)')} is not one of: ${Object.values(ROUTE_LABELS).join(', ')}.`);
}

const PERIOD_WORDS: Readonly<Record<string, string>> = { d: 'day', wk: 'week', mo: 'month' };

/** Frequency as the text a clinician would type: timing.code.text, or words from timing.repeat. */
function frequencyOf(dosage: Json | undefined): string {
  const timing = isObject(dosage?.timing) ? dosage.timing : undefined;
  const text = conceptText(timing?.code);
  if (text) return text;
  const rep = isObject(timing?.repeat) ? timing.repeat : undefined;
  const n = rep?.frequency ?? 1;
  const period = rep?.period ?? 1;
  const unit = typeof rep?.periodUnit === 'string' ? PERIOD_WORDS[rep.periodUnit] : undefined;
  if (!unit || typeof n !== 'number' || typeof period !== 'number') return reject('No frequency: dosage[0].timing.code.text or timing.repeat (per day, week or month) is needed.');
  if (period === 1 && n === 1) return unit === 'day' ? 'daily' : `${unit}ly`;
  if (period === 1 && n === 2 && unit === 'day') return 'twice daily';
  return n === 1 ? `every ${period} ${unit}s` : `${n} times every ${period} ${unit}${period === 1 ? '' : 's'}`;
}

export interface MedicationPlan { form: Record<string, unknown> }

/** One epoch from a MedicationStatement whose status is active, completed or stopped. */
export function parseMedication(r: Json): MedicationPlan {
  const status = r.status;
  if (status !== 'active' && status !== 'completed' && status !== 'stopped') {
    reject(`Status ${quote(status)} is not a dose that was taken: Titerline imports active, completed or stopped statements.`);
  }
  const period = isObject(r.effectivePeriod) ? r.effectivePeriod : reject('No effectivePeriod: the epoch needs its start (and end, once stopped).');
  const startOn = parseDay(period.start, 'effectivePeriod.start');
  const endOn = period.end === undefined ? null : parseDay(period.end, 'effectivePeriod.end');
  if (status !== 'active' && endOn === null) reject(`A ${status} statement needs effectivePeriod.end (the last day taken).`);
  const statusReason = objects(r.statusReason)[0];
  const startCode = asString(extensionValue(r, EXT.startReason, 'valueCode'));
  const dosage = objects(r.dosage)[0];
  return {
    form: {
      ...drugFields(r), ...doseFields(dosage), route: routeOf(dosage), frequency: frequencyOf(dosage), startOn, endOn: endOn ?? '',
      startReason: startCode === undefined ? 'started' : reasonOf({ coding: [{ system: SYSTEM.changeReason, code: startCode }] }, 'Start reason'),
      endReason: endOn === null ? '' : statusReason ? reasonOf(statusReason, 'statusReason') : 'stopped',
    },
  };
}
