/**
 * Treatment panel: one horizontal bar per dose epoch, one row per drug.
 * Source: docs/clinical/treatment.md: "A regimen is a series of dose epochs ... A
 * taper is a sequence of epochs with falling doses; stopping is an epoch end with
 * reason." End dates are the last day taken, inclusive (lib/domain/medications.ts),
 * so a bar runs to the END of its last day. Bar shade follows the dose relative to
 * the drug's highest dose so a taper reads as fading; a stop is marked.
 */
import { addDays, compare } from '../dates';
import { CHANGE_REASONS } from '../medications';
import type { MedicationEpoch } from '../types';
import { drugLabel, num } from './labels';
import { dayMs } from './time';
import type { MedicationBar, MedicationPanel } from './types';

function reasonLabel(reason: string): string {
  return CHANGE_REASONS.find((r) => r.key === reason)?.label ?? reason;
}

export function liveEpochs(epochs: readonly MedicationEpoch[]): MedicationEpoch[] {
  return epochs.filter((e) => !e.enteredInError)
    .sort((a, b) => (a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.id - b.id));
}

/** "20 mg" */
export function doseLabel(e: Pick<MedicationEpoch, 'dose' | 'doseUnit'>): string {
  return `${num(e.dose, 3)} ${e.doseUnit}`.trim();
}

/**
 * Bars for the live epochs. `endIso` is the timeline end (today or later): an
 * ongoing epoch runs to its end. Rows are drugs in order of first use.
 */
export function buildMedicationPanel(epochs: readonly MedicationEpoch[], endIso: string): MedicationPanel {
  const live = liveEpochs(epochs);
  const rows: string[] = [];
  for (const e of live) {
    const row = drugLabel(e.drug);
    if (!rows.includes(row)) rows.push(row);
  }
  const maxDose = new Map<string, number>();
  for (const e of live) {
    const k = `${drugLabel(e.drug)}|${e.doseUnit}`;
    maxDose.set(k, Math.max(maxDose.get(k) ?? 0, e.dose));
  }
  const bars: MedicationBar[] = live.map((e) => {
    const row = drugLabel(e.drug);
    const lastDay = e.endOn ?? (compare(endIso, e.startOn) >= 0 ? endIso : e.startOn);
    const continued = e.endOn !== null && live.some((o) => o.id !== e.id && drugLabel(o.drug) === row
      && compare(o.startOn, e.startOn) > 0 && compare(o.startOn, addDays(e.endOn ?? o.startOn, 1)) <= 0);
    const top = maxDose.get(`${row}|${e.doseUnit}`) ?? e.dose;
    const span = `${e.startOn} to ${e.endOn ?? 'ongoing'}`;
    const extra = e.immunosuppressant ? '' : ' · not an immunosuppressant';
    return {
      id: e.id, row, drugClass: e.drugClass, immunosuppressant: e.immunosuppressant, startOn: e.startOn, endOn: e.endOn,
      start: dayMs(e.startOn), end: dayMs(addDays(lastDay, 1)), dose: e.dose, doseLabel: doseLabel(e),
      detail: `${row} ${doseLabel(e)} ${e.route} ${e.frequency}, ${span} (${reasonLabel(e.reason).toLowerCase()})${extra}`,
      intensity: top > 0 ? Math.min(1, e.dose / top) : 1,
      stopped: e.endOn !== null && !continued,
    };
  });
  return { rows, bars };
}
