/**
 * One CSV row -> a lab result ready for the DAL, or every problem found in it, each
 * named by its column. Numbers are first read in the file's number format
 * (number-format.ts: "12,500" is refused unless the format is declared). Values then
 * go through the same zod schemas as the entry forms
 * (lib/validation/labs), so a CSV row and a typed form obey one set of rules (the
 * common case through lab-row-fast.ts, checked equal to the schemas); the
 * DAL then applies its own checks (dates against today and birth, cut-off, limits).
 * Pure: patients and assays come in as plain data.
 */
import type { z } from 'zod';
import { ENZYME } from '../domain/enzymes';
import type { CsvRecord } from '../domain/csv';
import { ENZYME_ANALYTES, type Analyte, type EnzymeAnalyte, type Sex } from '../domain/types';
import type { FieldErrors } from '../errors';
import { ANALYTE_LABELS, antibodyResultSchema, enzymeResultSchema, type AntibodyResultInput, type EnzymeResultInput } from '../validation/labs';
import { CENSORED_ENZYME_MESSAGE, normalizeEnzymeUnit } from '../validation/text-rules';
import { cellsByColumn, IMPORT_TESTS, type ColumnIndex, type ImportTest, type LabColumn, type RowProblem } from './lab-columns';
import type { AssayCatalog, ImportAssay } from './lab-assay';
import { fastAntibodyData, fastEnzymeData } from './lab-row-fast';
import { readNumberCell, type NumberFormat } from './number-format';

export interface ImportPatient { id: number; mrn: string; birthDate: string; sex: Sex }

export type MappedRow<P extends ImportPatient, A extends ImportAssay> =
  | { kind: 'antibody'; patient: P; assay: A; data: AntibodyResultInput }
  | { kind: 'enzyme'; patient: P; data: EnzymeResultInput };

export type RowMapping<P extends ImportPatient, A extends ImportAssay> = { ok: true; row: MappedRow<P, A> } | { ok: false; problems: RowProblem[] };

export interface MappingContext<P extends ImportPatient, A extends ImportAssay> {
  index: ColumnIndex;
  /** Number of header fields: a row with more (non-empty) or fewer fields is shifted. */
  width: number;
  /** Live patients by exact MRN. */
  patients: ReadonlyMap<string, P>;
  /** The whole assay catalog, deactivated entries included (to say why they are refused). */
  assays: AssayCatalog<A>;
  /** How the file writes its numbers, decided once for the file (lib/import/number-format.ts). */
  numbers: NumberFormat;
}

/** Form field -> CSV column, to report the schemas' and the DAL's messages under the column the user wrote. */
const ANTIBODY_COLUMNS: Record<string, LabColumn> = {
  assayId: 'assay', collectedOn: 'collected_on', value: 'value', comparator: 'comparator', qualitative: 'qualitative', cutoff: 'reference_high', accession: 'accession',
};
const ENZYME_COLUMNS: Record<string, LabColumn> = {
  analyte: 'test', collectedOn: 'collected_on', value: 'value', unit: 'unit', lowerLimit: 'reference_low', upperLimit: 'reference_high', accession: 'accession',
};

/** Field errors (from a schema or an AppError of the DAL) as row problems. */
export function problemsFromFieldErrors(kind: MappedRow<ImportPatient, ImportAssay>['kind'], errors: FieldErrors, fallback = ''): RowProblem[] {
  const map = kind === 'antibody' ? ANTIBODY_COLUMNS : ENZYME_COLUMNS;
  const out = Object.entries(errors).flatMap(([field, messages]) => messages.map((message): RowProblem => ({ column: map[field] ?? '', message })));
  return out.length || !fallback ? out : [{ column: '', message: fallback }];
}

/** Schema problems, less those of a column whose number was already refused for its format (one message per problem). */
function besides(numberProblems: readonly RowProblem[], more: RowProblem[]): RowProblem[] {
  return numberProblems.length ? more.filter((p) => !numberProblems.some((n) => n.column === p.column)) : more;
}

/** The first message per field: an empty date needs "required", not also "must be a real date". */
function issuesAsErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? '_form')] ??= [issue.message];
  return out;
}

const isTest = (s: string): s is ImportTest => (IMPORT_TESTS as readonly string[]).includes(s);
const isEnzyme = (t: ImportTest): t is EnzymeAnalyte => (ENZYME_ANALYTES as readonly string[]).includes(t);

/**
 * Lab exports often put the comparator into the value ("<5"): split it off here, so the
 * import's fast path takes the row, when the comparator column is empty. Otherwise the
 * cells go to the schema as written, which reads the sign itself and words a clash
 * with the comparator column as every path does (lib/validation/labs.ts).
 */
function splitCensored(c: { value: string; comparator: string }): { value: string; comparator: string } {
  const first = c.value.charCodeAt(0);
  if ((first !== 0x3c && first !== 0x3e) || c.comparator) return c; // no copy per row in the common case
  return { value: c.value.slice(1).trim(), comparator: c.value[0] ?? '' };
}

/** Reported categories as labs spell them ("Strong positive" is the product's "strong"). */
const qualitativeOf = (raw: string) => (/^strong(ly)?\s+positive$/i.test(raw) ? 'strong' : raw.toLowerCase());

/** Maps one data row; see the module comment. `c` may be passed when the caller has already split the row by column. */
export function mapLabRow<P extends ImportPatient, A extends ImportAssay>(record: CsvRecord, ctx: MappingContext<P, A>, c = cellsByColumn(record.cells, ctx.index)): RowMapping<P, A> {
  const problems: RowProblem[] = [];
  const n = record.cells.length;
  if (n < ctx.width || (n > ctx.width && record.cells.slice(ctx.width).some((c) => c.trim() !== ''))) {
    problems.push({ column: '', message: `This row has ${n} fields but the header has ${ctx.width}; look for an unquoted comma or a missing field.` });
  }
  const patient = c.mrn ? ctx.patients.get(c.mrn) : undefined;
  if (!c.mrn) problems.push({ column: 'mrn', message: 'MRN is required.' });
  else if (!patient) problems.push({ column: 'mrn', message: `Unknown MRN "${c.mrn}": no patient has it (register the patient first).` });
  const test = c.test.toLowerCase();
  if (!isTest(test)) {
    problems.push({ column: 'test', message: c.test ? `Unknown test "${c.test}"; use one of ${IMPORT_TESTS.join(', ')}.` : `Test is required: one of ${IMPORT_TESTS.join(', ')}.` });
    return { ok: false, problems };
  }
  if (isEnzyme(test)) {
    const label = ENZYME[test].shortLabel;
    if (c.comparator) problems.push({ column: 'comparator', message: CENSORED_ENZYME_MESSAGE });
    if (c.qualitative) problems.push({ column: 'qualitative', message: `${label} is a number; leave qualitative empty.` });
    // Numbers in the file's format -> plain decimals (a refusal is pushed under its column); units and
    // censored values are then judged by the schema, in the words of every path; the fast path takes the common rows.
    const unit = normalizeEnzymeUnit(c.unit);
    const before = problems.length;
    const sign = c.value.startsWith('<') || c.value.startsWith('>') ? c.value.charAt(0) : '';
    const value = sign + readNumberCell(sign ? c.value.slice(1).trim() : c.value, 'value', ctx.numbers, problems);
    const lowerLimit = readNumberCell(c.reference_low, 'reference_low', ctx.numbers, problems);
    const upperLimit = readNumberCell(c.reference_high, 'reference_high', ctx.numbers, problems);
    const input = { analyte: test, collectedOn: c.collected_on, value, unit: unit ?? 'U/L', lowerLimit, upperLimit, accession: c.accession } as const;
    const fast = unit ? fastEnzymeData(input) : null;
    const parsed = fast ? { success: true as const, data: fast } : enzymeResultSchema.safeParse(unit ? input : { ...input, unit: c.unit });
    if (!parsed.success) problems.push(...besides(problems.slice(before), problemsFromFieldErrors('enzyme', issuesAsErrors(parsed.error))));
    if (problems.length || !patient || !parsed.success) return { ok: false, problems };
    return { ok: true, row: { kind: 'enzyme', patient, data: parsed.data } };
  }
  const v = splitCensored(c);
  const analyte: Analyte = test;
  const assay = ctx.assays.resolve(analyte, c.assay, c.lab, problems);
  if (assay && c.unit && c.unit.toLowerCase() !== assay.unit.toLowerCase()) {
    problems.push({ column: 'unit', message: `Unit "${c.unit}" does not match the unit of assay "${assay.name}" (${assay.unit}).` });
  }
  const before = problems.length;
  const value = readNumberCell(v.value, 'value', ctx.numbers, problems);
  const cutoff = readNumberCell(c.reference_high, 'reference_high', ctx.numbers, problems);
  const input = { assayId: assay?.id ?? 1, collectedOn: c.collected_on, value, comparator: v.comparator, qualitative: qualitativeOf(c.qualitative), cutoff, accession: c.accession };
  const fast = fastAntibodyData(input);
  const parsed = fast ? { success: true as const, data: fast } : antibodyResultSchema.safeParse(input);
  if (!parsed.success) problems.push(...besides(problems.slice(before), problemsFromFieldErrors('antibody', issuesAsErrors(parsed.error))));
  if (problems.length || !patient || !assay || !parsed.success) return { ok: false, problems };
  return { ok: true, row: { kind: 'antibody', patient, assay, data: parsed.data } };
}

/** "Mi-2β" / "CK": the test as people read it. */
export function testLabel(test: string): string {
  if (test in ANALYTE_LABELS) return ANALYTE_LABELS[test as Analyte];
  return (ENZYME_ANALYTES as readonly string[]).includes(test) ? ENZYME[test as EnzymeAnalyte].shortLabel : test;
}
