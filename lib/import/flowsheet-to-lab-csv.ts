/**
 * A patient's flowsheet export (the timeline's CSV download: one column per date, one
 * row per measure, cells as displayed) as a lab-result CSV the import reads: one row
 * per anti-Mi2 and enzyme result, for the MRN given. The flowsheet is a view for
 * people (no MRN, units inside the cells, same-day results joined with " / ", the
 * assay named once where it changes), so the import does not read it directly; this
 * small mapping does, and a clinic can use it to carry a patient's lab history into
 * another record or installation (docs/lab-import.md, "From a flowsheet export";
 * docs/decisions/0018-number-formats.md). MMT-8, TIS and medication rows are
 * not lab results and are left out (named in `skipped`).
 *
 * What the flowsheet does not carry cannot come back: a result's own cut-off (the
 * import then uses the assay's), a reported category beside a number, accession
 * numbers; values come back as displayed (enzymes in U/L to 1 decimal, others to 3).
 * Pure.
 */
import { formatCsv, parseCsv, type Delimiter } from '../domain/csv';
import { ENZYME, UL_PER_UKAT_L } from '../domain/enzymes';
import { ANALYTE_LABEL } from '../domain/timeline/labels';
import { ANALYTES, ENZYME_ANALYTES, type Analyte, type EnzymeAnalyte } from '../domain/types';
import { readEnzymeCell, readReferenceCell, readTiterCell, unguard } from './flowsheet-cells';
import type { LabColumn } from './lab-columns';
import { writeNumber, type DecimalMark } from './number-format';

export interface FlowsheetMappingOptions {
  mrn: string;
  /** The assay catalog, to turn the flowsheet's assay labels ("name, lab") back into name and lab. */
  assays: readonly { name: string; lab: string }[];
  /** The number format and separator to write (default: decimal point, comma). */
  decimal?: DecimalMark;
  delimiter?: Delimiter;
  /** Write thousands marks (12,500 or 12.500). */
  grouping?: boolean;
}

export type FlowsheetMapping = { ok: true; csv: string; rows: number; skipped: string[] } | { ok: false; problems: string[] };

const COLUMNS: readonly LabColumn[] = ['mrn', 'collected_on', 'test', 'value', 'comparator', 'qualitative', 'unit', 'reference_low', 'reference_high', 'assay', 'lab'];
type Row = Partial<Record<LabColumn, string>>;

/** The same label as the timeline's (lib/dal/patient-data.ts assayLabel); the round-trip test keeps the two equal. */
const labelOf = (a: { name: string; lab: string }) => (a.lab ? `${a.name}, ${a.lab}` : a.name);

const TITER_ROWS = new Map<string, Analyte>(ANALYTES.map((a) => [`Anti-${ANALYTE_LABEL[a]}`, a]));
const ENZYME_ROWS = new Map<string, EnzymeAnalyte>(ENZYME_ANALYTES.map((a) => [ENZYME[a].shortLabel, a]));
const parts = (cell: string | undefined) => (cell ? unguard(cell).split(' / ') : []);

export function flowsheetToLabCsv(flowsheetCsv: string, opts: FlowsheetMappingOptions): FlowsheetMapping {
  const table = parseCsv(flowsheetCsv, Number.POSITIVE_INFINITY, ',');
  if (!table.ok) return { ok: false, problems: [table.error] };
  const [measure, ...dates] = table.header;
  if (measure?.trim() !== 'Measure') return { ok: false, problems: ['This is not a flowsheet export: its first column must be "Measure".'] };
  const rows = new Map(table.rows.map((r) => [r.cells[0] ?? '', r.cells.slice(1)]));
  const decimal = opts.decimal ?? 'point';
  const num = (plain: string) => writeNumber(plain, decimal, opts.grouping);
  const out: Row[] = [];
  const problems: string[] = [];
  const skipped: string[] = [];
  for (const [label, cells] of rows) {
    const analyte = TITER_ROWS.get(label);
    const enzyme = ENZYME_ROWS.get(label);
    if (analyte) titerRows(analyte, cells, rows.get(`${label} assay`) ?? [], dates, opts, num, out, problems);
    else if (enzyme) enzymeRows(enzyme, cells, rows.get(`${label} reference`) ?? [], dates, opts.mrn, num, out, problems);
    else if (!label.endsWith(' assay') && !label.endsWith(' reference')) skipped.push(label);
  }
  if (problems.length) return { ok: false, problems };
  out.sort((a, b) => (a.collected_on! < b.collected_on! ? -1 : a.collected_on! > b.collected_on! ? 1 : 0));
  const csv = formatCsv([[...COLUMNS], ...out.map((r) => COLUMNS.map((c) => r[c] ?? ''))], opts.delimiter ?? ',');
  return { ok: true, csv, rows: out.length, skipped };
}

function titerRows(analyte: Analyte, cells: string[], assayCells: string[], dates: string[], opts: FlowsheetMappingOptions, num: (s: string) => string, out: Row[], problems: string[]): void {
  let current: { name: string; lab: string } | null = null;
  dates.forEach((date, i) => {
    const results = parts(cells[i]);
    const changes = parts(assayCells[i]);
    const first = current === null;
    const assays = changes.map((c) => {
      const label = c.replace(/^changed: /, '');
      const found = opts.assays.find((a) => labelOf(a) === label);
      if (!found) problems.push(`${date}: assay "${label}" is not in the catalog.`);
      return found ?? null;
    });
    // An assay is named on the day of its first result and where it changes; one name on the
    // first day covers that day's results, otherwise each result of a day with changes needs its own.
    if (assays.length && assays.length !== results.length && !(first && assays.length === 1)) {
      problems.push(`${date}: ${results.length} anti-${ANALYTE_LABEL[analyte]} results and ${assays.length} assay changes on one day; enter them by hand.`);
      return;
    }
    results.forEach((text, j) => {
      current = assays[assays.length === results.length ? j : 0] ?? current;
      const cell = readTiterCell(text);
      if (!cell || !current) return void problems.push(`${date}: "${text}" is not an anti-${ANALYTE_LABEL[analyte]} result${current ? '' : ' with a known assay'}.`);
      out.push({
        mrn: opts.mrn, collected_on: date, test: analyte, value: cell.value ? num(cell.value) : '', comparator: cell.comparator,
        qualitative: cell.qualitative ?? '', unit: cell.unit === '{titer}' ? '' : cell.unit, assay: current.name, lab: current.lab,
      });
    });
  });
}

function enzymeRows(analyte: EnzymeAnalyte, cells: string[], refCells: string[], dates: string[], mrn: string, num: (s: string) => string, out: Row[], problems: string[]): void {
  dates.forEach((date, i) => {
    const results = parts(cells[i]);
    const refs = parts(refCells[i]);
    results.forEach((text, j) => {
      const cell = readEnzymeCell(text);
      const ref = readReferenceCell(refs[j] ?? '');
      if (!cell || !ref) return void problems.push(`${date}: "${text}" is not a ${ENZYME[analyte].shortLabel} result with its reference range.`);
      // The flowsheet shows limits in U/L; the import reads them in the reported unit.
      const limit = (ul: string) => (ul === '' ? '' : num(cell.unit === 'U/L' ? ul : String(Number(ul) / UL_PER_UKAT_L)));
      out.push({ mrn, collected_on: date, test: analyte, value: num(cell.value), unit: cell.unit, reference_low: limit(ref.lowerUL), reference_high: limit(ref.upperUL) });
    });
  });
}
