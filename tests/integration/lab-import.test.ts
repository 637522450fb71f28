import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { antibodyResults, enzymeResults } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { correctEnzymeResult, markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import { expandResultTable, type ResultTable } from '@/lib/import/result-table';
import { makeTeam } from '../setup/actors';
import { auditRows, ckForm, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { ckRow, labCsv, mixedLabFile } from '../setup/lab-csv';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;
let ann: number, bob: number;

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
  ann = newPatient(physician, { mrn: 'MRN-A', sex: 'female', birthDate: '1970-06-15' });
  bob = newPatient(physician, { mrn: 'MRN-B', sex: 'male', birthDate: '1965-03-01' });
});

const count = (table: string, patientId?: number) =>
  (sqlite().prepare(`SELECT count(*) AS n FROM ${table}${patientId ? ' WHERE patient_id = ?' : ''}`).get(...(patientId ? [patientId] : [])) as { n: number }).n;

const mixed = () => mixedLabFile(daysAgo);

describe('who may import lab results (lab:import: nurse, physician)', () => {
  it('refuses admins, reviewers and deactivated users, writing nothing', async () => {
    for (const actor of [admin, reviewer, { ...nurse, active: false }, { ...physician, active: false }]) {
      await expectRefused(() => previewLabImport(actor, mixed()), 'forbidden');
      await expectRefused(() => runLabImport(actor, mixed()), 'forbidden');
      await expectRefused(() => runLabImport(actor, 42), 'forbidden');
    }
  });
  it('lets nurses and physicians preview and import', () => {
    expect(previewLabImport(nurse, mixed()).counts).toMatchObject({ rows: 5, ok: 5, error: 0 });
    expect(runLabImport(physician, mixed()).counts).toMatchObject({ created: 5 });
  });
  it('refuses content that is not text', async () => {
    await expectRefused(() => runLabImport(nurse, { file: 'x' }), 'invalid');
  });
});

describe('importing', () => {
  it('previews without writing: every row with its status, and the counts', () => {
    const before = tableCounts();
    const report = previewLabImport(nurse, mixed());
    expect(report.outcome).toBe('preview');
    expect(report.rows.map((r) => [r.line, r.status, r.mrn, r.result])).toEqual([
      [2, 'ok', 'MRN-A', '30'], [3, 'ok', 'MRN-A', '<5 units'], [4, 'ok', 'MRN-B', 'Positive'], [5, 'ok', 'MRN-A', '150 U/L'], [6, 'ok', 'MRN-B', '12 µkat/L'],
    ]);
    expect(report.counts).toEqual({ rows: 5, ok: 5, duplicate: 0, error: 0, warned: 0, created: 0, patients: 2 });
    expect(tableCounts()).toEqual(before);
  });

  it('names the registered patient beside each MRN (whatever the case of the MRN in the file), and no one for an unknown MRN', () => {
    const report = previewLabImport(nurse, labCsv([ckRow('mrn-a', daysAgo(3), 100), ckRow('MRN-B', daysAgo(3), 120), ckRow('MRN-NOBODY', daysAgo(3), 90)]));
    expect(report.rows.map((r) => [r.mrn, r.patientName])).toEqual([['mrn-a', 'DOE, Jane'], ['MRN-B', 'DOE, Jane'], ['MRN-NOBODY', undefined]]);
  });

  it("fingerprints the file by the SHA-256 of its UTF-8 bytes (the digest a clinic's sha256sum gives for the file)", () => {
    const text = mixed();
    expect(text).toMatch(/[^\x00-\x7f]/); // "Mi-2β": a character of two bytes in UTF-8
    expect(previewLabImport(nurse, text).sha256).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  });

  it('writes every row with its assay snapshot, units and limits, in one transaction with its audit trail', () => {
    const audits = count('audit_events');
    const report = runLabImport(nurse, mixed(), { fileName: 'labs.csv' });
    expect(report).toMatchObject({ outcome: 'imported', counts: { rows: 5, ok: 5, created: 5, patients: 2 } });
    const ab = sqlite().prepare('SELECT patient_id, assay_id, value, comparator, qualitative, unit, cutoff, accession FROM antibody_results ORDER BY id').all();
    expect(ab).toEqual([
      { patient_id: ann, assay_id: 2, value: 30, comparator: null, qualitative: null, unit: 'units', cutoff: 5, accession: 'L-1' },
      { patient_id: ann, assay_id: 2, value: 5, comparator: '<', qualitative: null, unit: 'units', cutoff: 5, accession: 'L-2' },
      { patient_id: bob, assay_id: 3, value: null, comparator: null, qualitative: 'positive', unit: 'SIU', cutoff: 10, accession: '' },
    ]);
    const ez = sqlite().prepare('SELECT patient_id, value, unit, value_ul, upper_limit_ul FROM enzyme_results ORDER BY id').all();
    expect(ez).toEqual([
      { patient_id: ann, value: 150, unit: 'U/L', value_ul: 150, upper_limit_ul: 170 },
      { patient_id: bob, value: 12, unit: 'ukat/L', value_ul: 720, upper_limit_ul: 396 },
    ]);
    // One event for the import, one per patient listing each created row as stored (decision 12), all origin "import", chain intact.
    expect(count('audit_events')).toBe(audits + 1 + 2);
    const [event] = auditRows('lab-import');
    expect(JSON.parse(event!.after_json!)).toEqual({
      sha256: report.sha256, fileName: 'labs.csv', via: 'ui', rows: 5, created: 5, duplicates: 0, patients: 2,
      delimiter: ',', decimal: 'point', decimalDeclared: false, ignoredColumns: [],
    });
    const perPatient = auditRows('lab-import.results');
    expect(perPatient.map((e) => e.patient_id).sort()).toEqual([ann, bob].sort());
    expect(perPatient.every((e) => e.origin === 'import' && e.user_id === nurse.userId && e.entity_id === report.sha256.slice(0, 16))).toBe(true);
    const tables = perPatient.flatMap((e) => (JSON.parse(e.after_json!) as { results: ResultTable[] }).results);
    // Ann's two Mi-2β rows share their patient, assay, unit, user and timestamps: written once, under "same".
    expect(tables.find((t) => t.entity === 'antibody-result' && t.rows.length === 2)?.same).toMatchObject({ patientId: ann, assayId: 2, unit: 'units', createdBy: nurse.userId });
    const listed = tables.flatMap((t) => expandResultTable(t).map(({ line, row }) => ({ line, entity: t.entity, row: row as { id: number; value: number | null; qualitative?: string | null } })));
    // Each file line lists the row made from it.
    expect(listed.map(({ line, row }) => [line, row.value, row.qualitative ?? null]).sort())
      .toEqual([[2, 30, null], [3, 5, null], [4, null, 'positive'], [5, 150, null], [6, 12, null]]);
    // Each listed row is exactly the row stored (the import builds it in memory instead of reading it back).
    const stored = [
      ...getDb().select().from(antibodyResults).all().map((row) => ({ entity: 'antibody-result', row })),
      ...getDb().select().from(enzymeResults).all().map((row) => ({ entity: 'enzyme-result', row })),
    ];
    expect(listed.map(({ entity, row }) => ({ entity, row })).sort((a, b) => a.entity.localeCompare(b.entity) || a.row.id - b.row.id)).toEqual(stored);
    expect(perPatient.find((e) => e.patient_id === ann)?.reason).toBe(`CSV import ${report.sha256.slice(0, 16)}: 3 results created`);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('re-importing the same file creates nothing and reports every row as a duplicate', () => {
    runLabImport(nurse, mixed());
    const clinical = () => [count('antibody_results'), count('enzyme_results'), count('patient_signals')];
    const before = clinical();
    const again = runLabImport(physician, mixed());
    expect(again).toMatchObject({ outcome: 'imported', counts: { rows: 5, ok: 0, duplicate: 5, error: 0, created: 0 } });
    expect(again.rows.every((r) => r.status === 'duplicate' && r.problems[0]!.message.startsWith('Already recorded'))).toBe(true);
    expect(clinical()).toEqual(before);
  });

  it('skips duplicates by accession (same test and patient), by value, and within the file', () => {
    recordEnzymeResult(nurse, ann, ckForm(daysAgo(40), 500, { accession: 'ACC-9' }));
    recordEnzymeResult(nurse, ann, ckForm(daysAgo(41), 120));
    const report = runLabImport(nurse, labCsv([
      ckRow('MRN-A', daysAgo(40), 505, { accession: 'ACC-9' }),
      ckRow('MRN-A', daysAgo(41), 2, { unit: 'ukat/L' }),
      ckRow('MRN-A', daysAgo(42), 300, { accession: 'ACC-10' }),
      ckRow('MRN-A', daysAgo(43), 301, { accession: 'ACC-10' }),
      { ...ckRow('MRN-A', daysAgo(40), 505, { accession: 'ACC-9' }), test: 'ldh' },
    ]));
    expect(report.rows.map((r) => [r.status, r.problems[0]?.message ?? ''])).toEqual([
      ['duplicate', expect.stringMatching(/^Already recorded: accession ACC-9 \(CK collected on \d{4}-\d\d-\d\d\)\.$/)],
      ['duplicate', expect.stringContaining('Already recorded: the same value (CK collected on')],
      ['ok', ''],
      ['duplicate', 'Same result as line 4 of this file.'],
      ['ok', ''],
    ]);
    expect(report.counts).toMatchObject({ created: 2, duplicate: 3 });
  });

  it('screens each patient against their own rows only, in file order, with patients interleaved', () => {
    const report = runLabImport(nurse, labCsv([
      ckRow('MRN-A', daysAgo(50), 300, { accession: 'ACC-1' }),
      ckRow('MRN-B', daysAgo(50), 300, { accession: 'ACC-1' }), // the same values for another patient: new
      ckRow('MRN-A', daysAgo(50), 300, { accession: 'ACC-2' }), // repeats line 2 by value
      ckRow('MRN-B', daysAgo(51), 310, { accession: 'ACC-1' }), // repeats line 3 by accession
      ckRow('MRN-A', daysAgo(52), 400, { accession: 'ACC-7', unit: 'kg' }), // an error row registers no keys...
      ckRow('MRN-A', daysAgo(52), 400, { accession: 'ACC-7' }), // ...so the same row corrected is new
    ]));
    expect(report.rows.map((r) => [r.line, r.status, r.problems[0]?.message ?? ''])).toEqual([
      [2, 'ok', ''], [3, 'ok', ''], [4, 'duplicate', 'Same result as line 2 of this file.'], [5, 'duplicate', 'Same result as line 3 of this file.'],
      [6, 'error', expect.stringContaining('Unit "kg" is not one Titerline converts')], [7, 'ok', ''],
    ]);
    expect(report.counts).toMatchObject({ rows: 6, ok: 3, duplicate: 2, error: 1, patients: 2 });
  });

  it('writes patients in the order of their first new row in the file, whatever came before it', () => {
    recordEnzymeResult(nurse, bob, ckForm(daysAgo(60), 500));
    const report = runLabImport(nurse, labCsv([ckRow('MRN-B', daysAgo(60), 500), ckRow('MRN-A', daysAgo(10), 100), ckRow('MRN-B', daysAgo(11), 200)]));
    expect(report.rows.map((r) => r.status)).toEqual(['duplicate', 'ok', 'ok']);
    expect(sqlite().prepare("SELECT patient_id AS p FROM enzyme_results ORDER BY id").pluck().all()).toEqual([bob, ann, bob]);
    const events = sqlite().prepare("SELECT patient_id AS p FROM audit_events WHERE action = 'lab-import.results' ORDER BY id").pluck().all();
    expect(events).toEqual([ann, bob]);
  });

  it('does not bring back a result removed or corrected since it was imported', () => {
    const file = labCsv([ckRow('MRN-A', daysAgo(40), 500), ckRow('MRN-A', daysAgo(41), 600)]);
    runLabImport(nurse, file);
    const [removed, corrected] = sqlite().prepare('SELECT id FROM enzyme_results ORDER BY id').all() as { id: number }[];
    markEnzymeResultInError(nurse, ann, removed!.id, 'wrong patient');
    correctEnzymeResult(nurse, ann, corrected!.id, ckForm(daysAgo(41), 60), 'transcription error in the lab file');
    const again = runLabImport(nurse, file);
    expect(again.counts).toMatchObject({ created: 0, duplicate: 2 });
    expect(again.rows.map((r) => r.problems[0]?.message)).toEqual([
      expect.stringContaining('Already recorded and marked entered in error: the same value'),
      expect.stringContaining('Matches an earlier, since corrected version: the same value'),
    ]);
  });

  it('is all or nothing: one bad row among 100 writes nothing and names the row', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ckRow(i % 2 ? 'MRN-A' : 'MRN-B', daysAgo(i + 1), 100 + i));
    rows[57] = ckRow('MRN-A', daysAgo(300), 100, { unit: 'mmol/L' });
    const before = tableCounts();
    const report = runLabImport(nurse, labCsv(rows));
    expect(report.outcome).toBe('rejected');
    expect(report.counts).toMatchObject({ rows: 100, ok: 99, error: 1, created: 0 });
    expect(report.rows.filter((r) => r.status === 'error')).toEqual([expect.objectContaining({ line: 59, problems: [{ column: 'unit', message: expect.stringContaining('Unit "mmol/L" is not one Titerline converts') }] })]);
    expect(tableCounts()).toEqual(before);
  });

  it('dry run judges like an import and writes nothing', () => {
    const before = tableCounts();
    expect(runLabImport(nurse, mixed(), { dryRun: true })).toMatchObject({ outcome: 'dry-run', counts: { ok: 5, created: 0 } });
    expect(tableCounts()).toEqual(before);
  });

  it('refuses to import content other than the previewed file', async () => {
    const { sha256 } = previewLabImport(nurse, mixed());
    const changed = mixed().replace('150', '151');
    await expectRefused(() => runLabImport(nurse, changed, { expectedSha256: sha256 }), 'conflict');
    expect(runLabImport(nurse, mixed(), { expectedSha256: sha256 }).outcome).toBe('imported');
  });
});
