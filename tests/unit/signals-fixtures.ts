/** Builders for signal-engine tests (not a test file). Defaults: National Jewish-style line blot. */
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, type Signal, type SignalCode, type SignalInput, type SignalSettings } from '@/lib/domain/signals';
import type { Analyte, AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '@/lib/domain/types';
import { MMT_GROUP_KEYS } from '@/lib/domain/mmt';

export function titer(id: number, collectedOn: string, value: number | null, extra: Partial<AntibodyResult> = {}): AntibodyResult {
  return {
    id,
    analyte: 'mi2-beta',
    assayId: 1,
    assayLabel: 'Line blot A',
    unit: 'units',
    collectedOn,
    value,
    comparator: null,
    qualitative: null,
    cutoff: 5,
    positiveFrom: 11,
    strongAbove: 50,
    enteredInError: false,
    ...extra,
  };
}

export function ck(id: number, collectedOn: string, valueUL: number, upperLimitUL = 200, extra: Partial<EnzymeResult> = {}): EnzymeResult {
  return { id, analyte: 'ck', collectedOn, value: valueUL, unit: 'U/L', valueUL, lowerLimitUL: null, upperLimitUL, enteredInError: false, ...extra };
}

/** A unilateral MMT-8 visit whose total is `total` (grades 10 with the deficit taken from the first groups). */
export function mmtVisit(id: number, visitOn: string, total: number, extra: Partial<Visit> = {}): Visit {
  let deficit = 80 - total;
  const mmtGrades: Record<string, number | null> = {};
  for (const key of MMT_GROUP_KEYS) {
    const take = Math.min(10, deficit);
    mmtGrades[key] = 10 - take;
    deficit -= take;
  }
  return {
    id,
    visitOn,
    mmtVersion: 'unilateral',
    mmtGrades,
    physicianGlobal: null,
    patientGlobal: null,
    haq: null,
    extramuscular: null,
    enteredInError: false,
    ...extra,
  };
}

/** Full strength on 7 groups, the last group not tested: a partial exam. */
export function partialMmtVisit(id: number, visitOn: string): Visit {
  const visit = mmtVisit(id, visitOn, 80);
  return { ...visit, mmtGrades: { ...visit.mmtGrades, ankle_dorsiflexors: null } };
}

export function med(id: number, startOn: string, endOn: string | null, extra: Partial<MedicationEpoch> = {}): MedicationEpoch {
  return {
    id,
    drug: 'prednisone',
    drugClass: 'glucocorticoid',
    immunosuppressant: true,
    dose: 5,
    doseUnit: 'mg',
    route: 'oral',
    frequency: 'daily',
    startOn,
    endOn,
    reason: 'started',
    enteredInError: false,
    ...extra,
  };
}

export function input(parts: Partial<SignalInput>): SignalInput {
  return { antibodyResults: [], enzymeResults: [], visits: [], medications: [], ...parts };
}

export function run(parts: Partial<SignalInput>, asOf: string, settings: Partial<SignalSettings> = {}): Signal[] {
  return computeSignals(input(parts), asOf, { ...DEFAULT_SIGNAL_SETTINGS, ...settings });
}

export function find(signals: readonly Signal[], code: SignalCode, analyte?: Analyte): Signal | undefined {
  return signals.find((s) => s.code === code && (analyte === undefined || s.analyte === analyte));
}

export function has(signals: readonly Signal[], code: SignalCode, analyte?: Analyte): boolean {
  return find(signals, code, analyte) !== undefined;
}

/** A positive result, then two negatives `spanDays` apart (dates from 2024-01-01). */
export function normalizedHistory(spanDays: number, analyte: Analyte = 'mi2-beta'): AntibodyResult[] {
  const second = new Date(Date.UTC(2024, 1, 1) + spanDays * 86_400_000).toISOString().slice(0, 10);
  return [
    titer(1, '2023-06-01', 30, { analyte }),
    titer(2, '2024-02-01', 4, { analyte }),
    titer(3, second, 3, { analyte }),
  ];
}
