/**
 * An import judges its file before it takes the write lock (docs/decisions/0025-concurrent-load).
 * What another user commits between the judgement and the write must never be
 * overwritten or doubled: a change to one of the file's patients, to the catalog or to
 * settings has the file judged again under the lock; other patients' changes, record
 * views and sign-ins do not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { setAssayActive } from '@/lib/dal/assays';
import { authenticate } from '@/lib/dal/auth';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { judgeLabImport, writeJudgedImport, WEB_IMPORT_LIMITS } from '@/lib/dal/lab-import';
import { auditHead, changedSince } from '@/lib/dal/lab-import-snapshot';
import { getPatient, updatePatient } from '@/lib/dal/patients';
import { getDb } from '@/db/client';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { ASSAY, auditRows, ckForm, daysAgo, newPatient, patientForm, sqlite } from '../setup/dal-helpers';
import { betaRow, ckRow, labCsv } from '../setup/lab-csv';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor, nurse: Actor;
let ann: number, bob: number, cy: number;
const read = { decimal: null };

beforeEach(async () => {
  db = useTempDatabase();
  [admin, physician, nurse] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse', 'nurse@snapshot.test')]);
  ann = newPatient(physician, { mrn: 'MRN-A' });
  bob = newPatient(physician, { mrn: 'MRN-B' });
  cy = newPatient(physician, { mrn: 'MRN-C' });
});
afterEach(() => db.dispose());

const ckCount = (patientId: number) => sqlite().prepare('SELECT count(*) FROM enzyme_results WHERE patient_id = ?').pluck().get(patientId) as number;
const file = () => labCsv([ckRow('MRN-A', daysAgo(10), 150, { accession: 'L-1' }), ckRow('MRN-A', daysAgo(20), 300, { accession: 'L-2' }), ckRow('MRN-B', daysAgo(10), 90)]);
const judge = () => judgeLabImport(nurse, file(), WEB_IMPORT_LIMITS, read);

describe('changes committed between judging a file and writing it', () => {
  it('a result entered meanwhile for a patient of the file is not doubled: the file is judged again and the row is a duplicate', () => {
    const judged = judge();
    expect(judged.plan.report.counts).toMatchObject({ ok: 3, duplicate: 0 });
    recordEnzymeResult(physician, ann, ckForm(daysAgo(10), 150, { accession: 'L-1', upperLimit: '200' }));
    const report = writeJudgedImport(nurse, judged);
    expect(report.outcome).toBe('imported');
    expect(report.counts).toMatchObject({ created: 2, duplicate: 1 });
    expect(ckCount(ann)).toBe(2);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('a patient of the file whose MRN was corrected meanwhile: judged again, refused (unknown MRN), nothing written', () => {
    const judged = judge();
    updatePatient(physician, bob, patientForm({ mrn: 'MRN-B2' }), 'MRN typed wrong at registration');
    const before = [ckCount(ann), ckCount(bob)];
    const report = writeJudgedImport(nurse, judged);
    expect(report.outcome).toBe('rejected');
    expect([ckCount(ann), ckCount(bob)]).toEqual(before);
  });

  it('an assay withdrawn from the catalog meanwhile (a change about no patient): judged again and refused', () => {
    const judged = judgeLabImport(nurse, labCsv([betaRow('MRN-C', daysAgo(5), '30')]), WEB_IMPORT_LIMITS, read);
    expect(judged.plan.report.outcome).toBe('preview');
    setAssayActive(admin, ASSAY.betaBlot, false);
    const report = writeJudgedImport(nurse, judged);
    expect(report.outcome).toBe('rejected');
    expect(sqlite().prepare('SELECT count(*) FROM antibody_results').pluck().get()).toBe(0);
  });

  it('other patients’ changes, record views and sign-ins do not count as changes; the views are chained by the import', async () => {
    const judged = judge();
    const head = auditHead(getDb());
    recordEnzymeResult(physician, cy, ckForm(daysAgo(3), 500, { upperLimit: '200' }));
    expect((await authenticate('nurse@snapshot.test', TEST_PASSWORD, '127.0.0.1')).ok).toBe(true);
    getPatient(physician, ann);
    getPatient(physician, bob);
    expect(changedSince(getDb(), head, judged.plan.patientIds)).toBe(false);
    expect(changedSince(getDb(), head, [cy])).toBe(true);
    const report = writeJudgedImport(nurse, judged);
    expect(report.counts).toMatchObject({ created: 3, duplicate: 0 });
    const actions = auditRows().map((r) => r.action);
    // The two views happened before the import wrote: the import's transaction chained them first.
    expect(actions.slice(actions.indexOf('signin.success'))).toEqual(['signin.success', 'patient.view', 'patient.view', 'lab-import', 'lab-import.results', 'lab-import.results']);
  });
});
