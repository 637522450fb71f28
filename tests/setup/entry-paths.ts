/**
 * The four ways a lab result enters Titerline, driven from one form-shaped input (the
 * fields as text, as the entry form posts them): the DAL as a form action calls it,
 * the CSV import, the REST route handler and the FHIR import. Each answers in the same
 * shape, so a table of rule cases can assert the same outcome on every path
 * (tests/integration/entry-rules-all-paths.test.ts).
 */
import { NextRequest } from 'next/server';
import { desc, eq } from 'drizzle-orm';
import { POST as labRoute } from '@/app/api/v1/patients/[id]/lab-results/route';
import { getDb } from '@/db/client';
import { antibodyResults, enzymeResults, patients } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import { isAppError } from '@/lib/errors';
import { labCsv, type LabCsvRow } from './lab-csv';

export const PATHS = ['form', 'csv', 'api', 'fhir'] as const;
export type Path = (typeof PATHS)[number];
export type Kind = 'antibody' | 'enzyme';
export type Fields = Record<string, string>;

/** What a path answered: stored (with the row), refused (field -> messages), or asks to confirm (the warnings). */
export type Outcome =
  | { status: 'stored'; row: Record<string, unknown> }
  | { status: 'refused'; messages: string[] }
  | { status: 'confirm'; warnings: string[] };

export interface PathContext { nurse: Actor; nurseToken: string; assayNames: Record<string, string> }

const COLUMNS: Record<Kind, Record<string, keyof LabCsvRow>> = {
  antibody: { collectedOn: 'collected_on', value: 'value', comparator: 'comparator', qualitative: 'qualitative', cutoff: 'reference_high', accession: 'accession' },
  enzyme: { analyte: 'test', collectedOn: 'collected_on', value: 'value', unit: 'unit', lowerLimit: 'reference_low', upperLimit: 'reference_high', accession: 'accession' },
};
const NUMERIC = ['value', 'cutoff', 'lowerLimit', 'upperLimit'];
/** What JSON can write as a number (exponents included: 1e-320 is a JSON number). */
const JSON_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

const mrnOf = (patientId: number) => getDb().select({ mrn: patients.mrn }).from(patients).where(eq(patients.id, patientId)).get()!.mrn;

function latestRow(kind: Kind, patientId: number): Record<string, unknown> {
  const table = kind === 'antibody' ? antibodyResults : enzymeResults;
  return getDb().select().from(table).where(eq(table.patientId, patientId)).orderBy(desc(table.id)).get() as Record<string, unknown>;
}

const fromError = (e: unknown, field: string): Outcome => {
  if (!isAppError(e)) throw e;
  if (e.code === 'conflict') return { status: 'confirm', warnings: e.fieldErrors.allowImplausible ?? [] };
  return { status: 'refused', messages: e.fieldErrors[field] ?? [e.message] };
};

/** The form: the DAL call a server action makes, with the form's text fields. */
function viaForm(ctx: PathContext, kind: Kind, patientId: number, fields: Fields, field: string, confirm: boolean): Outcome {
  try {
    const input = { ...fields, ...(confirm ? { allowImplausible: 'on' } : {}) };
    if (kind === 'antibody') recordAntibodyResult(ctx.nurse, patientId, input);
    else recordEnzymeResult(ctx.nurse, patientId, input);
    return { status: 'stored', row: latestRow(kind, patientId) };
  } catch (e) {
    return fromError(e, field);
  }
}

/** The CSV import: one row, previewed, then imported (from that preview when it confirms). */
function viaCsv(ctx: PathContext, kind: Kind, patientId: number, fields: Fields, field: string, confirm: boolean): Outcome {
  const row: LabCsvRow = { mrn: mrnOf(patientId), test: kind === 'antibody' ? 'mi2-beta' : (fields.analyte ?? 'ck') };
  if (kind === 'antibody') row.assay = ctx.assayNames[fields.assayId ?? ''] ?? '';
  for (const [f, col] of Object.entries(COLUMNS[kind])) if (fields[f] !== undefined && col !== 'test') row[col] = fields[f];
  const csv = labCsv([row]);
  const preview = previewLabImport(ctx.nurse, csv);
  if (preview.fileProblem) return { status: 'refused', messages: [preview.fileProblem] };
  const line = preview.rows[0]!;
  if (line.status === 'error') {
    const col = COLUMNS[kind][field] ?? '';
    const here = line.problems.filter((p) => p.column === col);
    return { status: 'refused', messages: (here.length ? here : line.problems).map((p) => p.message) };
  }
  if (line.warnings.length && !confirm) {
    // Without the preview the import refuses them; imported from the preview they go in as they are.
    try {
      runLabImport(ctx.nurse, csv);
    } catch (e) {
      if (isAppError(e) && e.code === 'conflict') return { status: 'confirm', warnings: [...line.warnings] };
      throw e;
    }
    throw new Error('a row with warnings was imported without its preview');
  }
  const done = runLabImport(ctx.nurse, csv, { expectedSha256: preview.sha256 });
  if (done.outcome !== 'imported' || done.counts.created !== 1) throw new Error(`CSV import did not store the row: ${JSON.stringify(done.rows[0])}`);
  return { status: 'stored', row: latestRow(kind, patientId) };
}

/** The REST API's JSON for the form's fields: numbers as JSON numbers, "<5" as value and comparator. */
export function apiBody(kind: Kind, fields: Fields): Record<string, unknown> {
  const body: Record<string, unknown> = { kind };
  for (const [f, v] of Object.entries(fields)) {
    if (!NUMERIC.includes(f)) body[f] = v === '' ? undefined : f === 'assayId' ? Number(v) : v;
    else if (v === '') body[f] = null;
    else if (JSON_NUMBER.test(v.trim())) body[f] = Number(v);
    else if (kind === 'antibody' && f === 'value' && /^[<>]\d+(\.\d+)?$/.test(v)) {
      body.value = Number(v.slice(1));
      body.comparator = v[0];
    } else body[f] = v; // text JSON cannot write as a number: sent as a string, as a careless client would
  }
  return body;
}

async function viaApi(ctx: PathContext, kind: Kind, patientId: number, fields: Fields, field: string, confirm: boolean, override?: Record<string, unknown>): Promise<Outcome> {
  const body = { ...apiBody(kind, fields), ...override, ...(confirm ? { allowImplausible: true } : {}) };
  const req = new NextRequest(`http://127.0.0.1:3000/api/v1/patients/${patientId}/lab-results`, {
    method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${ctx.nurseToken}`, 'content-type': 'application/json' },
  });
  const res = await labRoute(req, { params: Promise.resolve({ id: String(patientId) }) });
  const json = await res.json();
  if (res.status === 201) return { status: 'stored', row: latestRow(kind, patientId) };
  if (res.status === 409) return { status: 'confirm', warnings: json.error.fields?.allowImplausible ?? [] };
  if (res.status === 422) return { status: 'refused', messages: json.error.fields?.[field] ?? [json.error.message] };
  throw new Error(`API answered ${res.status}: ${JSON.stringify(json)}`);
}

/** The FHIR Observation another system would send for the form's fields (numbers as JSON can write them). */
export function observation(kind: Kind, mrn: string, fields: Fields, assayName: string): Record<string, unknown> {
  const body = apiBody(kind, fields);
  const quantity = (value: unknown, unit: string) => ({ value, unit });
  const obs: Record<string, unknown> = {
    resourceType: 'Observation', status: 'final', subject: { identifier: { system: 'urn:titerline:mrn', value: mrn } },
    ...(fields.collectedOn ? { effectiveDateTime: fields.collectedOn } : {}),
    ...(fields.accession ? { identifier: [{ system: 'urn:titerline:accession', value: fields.accession }] } : {}),
  };
  if (kind === 'enzyme') {
    const unit = fields.unit ?? '';
    return {
      ...obs, code: { coding: [{ system: 'http://loinc.org', code: '2157-6' }] },
      valueQuantity: { ...quantity(body.value, unit), ...(typeof fields.value === 'string' && /^[<>]/.test(fields.value) ? { comparator: fields.value[0], value: Number(fields.value.slice(1)) } : {}) },
      ...(body.lowerLimit !== null && body.lowerLimit !== undefined || body.upperLimit !== null && body.upperLimit !== undefined
        ? { referenceRange: [{ ...(body.lowerLimit !== null && body.lowerLimit !== undefined ? { low: quantity(body.lowerLimit, unit) } : {}), ...(body.upperLimit !== null && body.upperLimit !== undefined ? { high: quantity(body.upperLimit, unit) } : {}) }] }
        : {}),
    };
  }
  const category = fields.qualitative ? { text: fields.qualitative } : null;
  const value = body.value === null || body.value === undefined
    ? (category ? { valueCodeableConcept: category } : {})
    : {
      valueQuantity: { ...quantity(body.value, 'units'), ...(body.comparator ? { comparator: body.comparator } : {}) },
      ...(category ? { component: [{ code: { coding: [{ system: 'urn:titerline:codes', code: 'reported-category' }] }, valueCodeableConcept: category }] } : {}),
    };
  return {
    ...obs, code: { coding: [{ system: 'http://loinc.org', code: '88733-1' }] }, method: { text: assayName }, ...value,
    ...(body.cutoff !== null && body.cutoff !== undefined ? { referenceRange: [{ high: quantity(body.cutoff, 'units') }] } : {}),
  };
}

function viaFhir(ctx: PathContext, kind: Kind, patientId: number, fields: Fields, confirm: boolean, override?: Record<string, unknown>): Outcome {
  const resource = { ...observation(kind, mrnOf(patientId), fields, ctx.assayNames[fields.assayId ?? ''] ?? ''), ...override };
  const report = importFhirBundle(ctx.nurse, { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001', resource }] }, { allowImplausible: confirm });
  const rejected = report.lines.filter((l) => l.outcome === 'rejected');
  if (report.ok) return { status: 'stored', row: latestRow(kind, patientId) };
  if (rejected.length && rejected.every((l) => l.confirmable)) return { status: 'confirm', warnings: rejected.map((l) => l.message) };
  return { status: 'refused', messages: rejected.map((l) => l.message) };
}

/** One form-shaped entry through one path. `override` replaces what the path sends (API body keys, FHIR Observation keys). */
export function enter(path: Path, ctx: PathContext, kind: Kind, patientId: number, fields: Fields, field: string, confirm = false, override?: Record<string, unknown>): Promise<Outcome> | Outcome {
  if (path === 'form') return viaForm(ctx, kind, patientId, fields, field, confirm);
  if (path === 'csv') return viaCsv(ctx, kind, patientId, fields, field, confirm);
  if (path === 'api') return viaApi(ctx, kind, patientId, fields, field, confirm, override);
  return viaFhir(ctx, kind, patientId, fields, confirm, override);
}
