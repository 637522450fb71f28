/**
 * Flowsheet: one column per date, one row per measure; the accessible twin of the
 * chart (screen readers, printing, CSV). Abnormal cells carry a word or letter
 * (Positive, Borderline, H, L), never only a colour (the house style, "abnormal
 * values marked by more than colour"). Rules cited per row below.
 */
import { tisMissingText } from '../vocabulary';
import { ANTIBODY_CLASS_LABELS, classifyAntibody, formatAntibodyValue, isAbnormal, labCategoryDiffers, levelText, xCutoff } from '../antibody';
import { enzymeFlag } from '../enzymes';
import { dayNumberOf } from '../dates';
import { activeOnDay } from '../medications';
import { mmtTotal } from '../mmt';
import { visitResponses } from '../response';
import { ANALYTES, ENZYME_ANALYTES, type AntibodyResult, type EnzymeResult, type MedicationEpoch, type Visit } from '../types';
import { RANGE_SOURCE_NOTES } from '../reference-range';
import { enzymeReference, enzymeReported, liveEnzymes } from './enzyme-series';
import { ANALYTE_LABEL, drugLabel, enzymeLabel, num } from './labels';
import { doseLabel, liveEpochs } from './medication-bars';
import { liveVisits, mmtText, NEAR_FULL_FRACTION } from './mmt-series';
import { liveTiters, referenceText } from './titer-series';

export interface FlowCell {
  text: string;
  abnormal: boolean;
  /** Extra detail for a tooltip (reference, assay); not part of the CSV. */
  title?: string;
}

export type FlowGroup = 'titer' | 'assay' | 'enzyme' | 'reference' | 'mmt' | 'medication';

export interface FlowRow {
  key: string;
  label: string;
  group: FlowGroup;
  /** Cells by ISO date; a missing date is an empty cell. */
  cells: Record<string, FlowCell>;
}

export interface Flowsheet {
  dates: string[];
  rows: FlowRow[];
}

/** Adds a cell; same-day repeats are joined with " / " (abnormal if any is). */
function put(row: FlowRow, date: string, cell: FlowCell): void {
  const had = row.cells[date];
  if (!had) {
    row.cells[date] = cell;
    return;
  }
  const title = [had.title, cell.title].filter(Boolean).join(' / ');
  row.cells[date] = { text: `${had.text} / ${cell.text}`, abnormal: had.abnormal || cell.abnormal, ...(title ? { title } : {}) };
}

/** The mark of a titer whose lab category differs from the class its number reads at the cut-off. */
export const LAB_CATEGORY_MARK = (labCategory: string) => `(lab: ${labCategory} ≠ cut-off)`;

/**
 * docs/clinical/assays.md: value as reported, x cut-off, class (borderline is not negative).
 * A censored value keeps its comparator in the level too ("<5 units · <1×"): it is a bound, not an exact level.
 */
function titerCell(r: AntibodyResult): FlowCell {
  const cls = classifyAntibody(r);
  const level = xCutoff(r.value, r.cutoff);
  const parts = [formatAntibodyValue(r)];
  if (level !== null) parts.push(`${levelText(level, r.comparator)}×`);
  if (cls === null) parts.push('Unclassified');
  else if (r.value !== null) parts.push(ANTIBODY_CLASS_LABELS[cls]);
  // Issue 17, item 5: the lab's own category, when it disagrees with the cut-off, is said in the cell (and so in the CSV and in print).
  const differs = labCategoryDiffers(r) ? LAB_CATEGORY_MARK(ANTIBODY_CLASS_LABELS[r.qualitative!]) : null;
  const text = differs ? `${parts.join(' · ')} ${differs}` : parts.join(' · ');
  // The limits go in a tooltip (the assay has its own row); they matter when a cut-off changed within an assay.
  const title = differs ? `${referenceText(r)}. Lab category differs from cut-off: the lab reported ${ANTIBODY_CLASS_LABELS[r.qualitative!]}.` : referenceText(r);
  return { text, abnormal: cls !== null && isAbnormal(cls), title };
}

function titerRows(antibody: readonly AntibodyResult[]): FlowRow[] {
  const rows: FlowRow[] = [];
  const live = liveTiters(antibody);
  for (const analyte of ANALYTES) {
    const list = live.filter((r) => r.analyte === analyte);
    if (list.length === 0) continue;
    const value: FlowRow = { key: `titer:${analyte}`, label: `Anti-${ANALYTE_LABEL[analyte]}`, group: 'titer', cells: {} };
    // Section 2: a level is only comparable within one assay, so the sheet says where it changes.
    const assay: FlowRow = { key: `assay:${analyte}`, label: `Anti-${ANALYTE_LABEL[analyte]} assay`, group: 'assay', cells: {} };
    let previous: number | null = null;
    for (const r of list) {
      put(value, r.collectedOn, titerCell(r));
      if (previous === null) put(assay, r.collectedOn, { text: r.assayLabel, abnormal: false });
      else if (previous !== r.assayId) put(assay, r.collectedOn, { text: `changed: ${r.assayLabel}`, abnormal: false });
      previous = r.assayId;
    }
    rows.push(value, assay);
  }
  return rows;
}

/** docs/clinical/enzymes.md: each result flagged against its own reference limits. */
function enzymeRows(enzymes: readonly EnzymeResult[]): FlowRow[] {
  const rows: FlowRow[] = [];
  const live = liveEnzymes(enzymes);
  for (const analyte of ENZYME_ANALYTES) {
    const list = live.filter((r) => r.analyte === analyte);
    if (list.length === 0) continue;
    const label = enzymeLabel(analyte);
    const value: FlowRow = { key: `enzyme:${analyte}`, label, group: 'enzyme', cells: {} };
    const ref: FlowRow = { key: `reference:${analyte}`, label: `${label} reference`, group: 'reference', cells: {} };
    for (const r of list) {
      const flag = enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL);
      const mark = flag === 'high' ? ' H' : flag === 'low' ? ' L' : '';
      put(value, r.collectedOn, { text: `${enzymeReported(r)}${mark}`, abnormal: flag !== 'normal' });
      // A range the lab did not give says where it came from, as the results table does (hazard E8).
      const note = r.rangeSource ? RANGE_SOURCE_NOTES[r.rangeSource] : null;
      put(ref, r.collectedOn, { text: note ? `${enzymeReference(r)} (${note})` : enzymeReference(r), abnormal: false });
    }
    rows.push(value, ref);
  }
  return rows;
}

/** docs/clinical/strength.md (partial is never a total) and 7 (near-full >= 95%). */
function mmtRow(visits: readonly Visit[]): FlowRow[] {
  const row: FlowRow = { key: 'mmt', label: 'MMT-8 total', group: 'mmt', cells: {} };
  for (const v of liveVisits(visits)) {
    if (v.mmtVersion === null) continue;
    const t = mmtTotal(v.mmtVersion, v.mmtGrades);
    const weak = t.total !== null && t.total < t.max * NEAR_FULL_FRACTION;
    put(row, v.visitOn, { text: `${mmtText(t.total, t.max, t.tested, t.required)}${weak ? ' L' : ''}`, abnormal: weak, title: v.mmtVersion });
  }
  return Object.keys(row.cells).length ? [row] : [];
}

/** docs/clinical/tis.md: TIS against the first visit (provisional); "incomplete" when a measure is missing. */
function tisRow(visits: readonly Visit[], enzymes: readonly EnzymeResult[]): FlowRow[] {
  const row: FlowRow = { key: 'tis', label: 'TIS vs first visit (provisional)', group: 'mmt', cells: {} };
  const { baselineVisitId, responses } = visitResponses(visits, enzymes);
  for (const r of responses) {
    if (r.visitId === baselineVisitId) put(row, r.visitOn, { text: 'baseline', abnormal: false });
    else if (r.tis) put(row, r.visitOn, r.tis.score === null
      ? { text: 'incomplete', abnormal: false, title: tisMissingText(r.tis.missing) }
      : { text: `${num(r.tis.score)} ${r.tis.category ?? ''}`.trim(), abnormal: false });
  }
  return responses.length > 1 ? [row] : [];
}

/** docs/clinical/treatment.md: the dose epoch active on each date (end inclusive). */
function medicationRows(epochs: readonly MedicationEpoch[], dates: readonly string[]): FlowRow[] {
  const live = liveEpochs(epochs);
  const rows = new Map<string, FlowRow>();
  // Day numbers once: every epoch is checked against every date.
  const days = dates.map(dayNumberOf);
  for (const e of live) {
    const label = drugLabel(e.drug);
    const row = rows.get(label) ?? { key: `medication:${label}`, label, group: 'medication' as const, cells: {} };
    rows.set(label, row);
    const active = activeOnDay(e);
    const cell = { text: doseLabel(e), abnormal: false, title: `${e.route} ${e.frequency}` };
    days.forEach((d, i) => {
      if (active(d)) put(row, dates[i]!, { ...cell });
    });
  }
  return [...rows.values()];
}

/** The flowsheet of all live rows; columns are the dates of titers, enzymes and MMT exams. */
export function buildFlowsheet(antibody: readonly AntibodyResult[], enzymes: readonly EnzymeResult[], visits: readonly Visit[], epochs: readonly MedicationEpoch[]): Flowsheet {
  const measureRows = [...titerRows(antibody), ...enzymeRows(enzymes), ...mmtRow(visits), ...tisRow(visits, enzymes)];
  const dates = [...new Set(measureRows.flatMap((r) => Object.keys(r.cells)))].sort();
  return { dates, rows: [...measureRows, ...medicationRows(epochs, dates)] };
}
