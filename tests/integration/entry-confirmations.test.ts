/**
 * Issue 17 on a real database, beyond the per-field table (entry-rules-all-paths):
 * confirmations on correction and for visits, the CSV import's warnings (shown in the
 * preview, imported from that preview or with --accept-warnings, never silently),
 * the FHIR import's confirmation, the assay's measuring range, MRNs unique whatever
 * their case, and names without hidden characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { correctAntibodyResult, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay, updateAssay } from '@/lib/dal/assays';
import { correctEnzymeResult, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { importFhirBundle } from '@/lib/dal/fhir-import';
import { previewLabImport, runLabImport } from '@/lib/dal/lab-import';
import { createPatient, updatePatient } from '@/lib/dal/patients';
import { correctVisit, recordVisit } from '@/lib/dal/visits';
import { makeActor } from '../setup/actors';
import { abForm, ASSAY, ckForm, daysAgo, expectRefused, newPatient, patientForm, sqlite } from '../setup/dal-helpers';
import { observation } from '../setup/entry-paths';
import { betaRow, ckRow, labCsv } from '../setup/lab-csv';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;
let physician: Actor;
let admin: Actor;
beforeAll(async () => {
  db = useTempDatabase();
  [nurse, physician, admin] = await Promise.all([makeActor('nurse'), makeActor('physician'), makeActor('admin')]);
});
afterAll(() => db.dispose());

const mrnOf = (id: number) => (sqlite().prepare('SELECT mrn FROM patients WHERE id = ?').get(id) as { mrn: string }).mrn;

describe('confirmation on correction and for visits', () => {
  it('a correction is checked like an entry: to a value 300 times the cut-off, or another value that day', async () => {
    const pid = newPatient(physician);
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 30));
    const err = await expectRefused(() => correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(5), 1500), 'typo'), 'conflict', 'allowImplausible');
    expect(err.fieldErrors.allowImplausible).toEqual(['1500 units is 300 times the cut-off (5): check the value.']);
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(5), 1500, { allowImplausible: 'on' }), 'the report says 1500').value).toBe(1500);
    // The row itself is not "another value that day".
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(5), 150, { allowImplausible: true }), 'typo again').value).toBe(150);
    const ck = recordEnzymeResult(nurse, pid, ckForm(daysAgo(5), 300));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(6), 320));
    await expectRefused(() => correctEnzymeResult(nurse, pid, ck.id, ckForm(daysAgo(6), 300), 'wrong day'), 'conflict', 'allowImplausible');
  });

  it('a second visit on one date asks first, on entry and on correction', async () => {
    const pid = newPatient(physician);
    const v = recordVisit(physician, pid, { visitOn: daysAgo(3), physicianGlobal: '3' });
    const other = recordVisit(physician, pid, { visitOn: daysAgo(10), physicianGlobal: '4' });
    const err = await expectRefused(() => recordVisit(physician, pid, { visitOn: daysAgo(3), physicianGlobal: '2' }), 'conflict', 'allowImplausible');
    expect(err.fieldErrors.allowImplausible).toEqual([`A visit on ${daysAgo(3)} is already recorded: save only if this is a second visit that day.`]);
    await expectRefused(() => correctVisit(physician, pid, other.id, { visitOn: daysAgo(3), physicianGlobal: '4' }, 'wrong date'), 'conflict', 'allowImplausible');
    expect(correctVisit(physician, pid, v.id, { visitOn: daysAgo(3), physicianGlobal: '5' }, 'score corrected').physicianGlobal).toBe(5);
    expect(recordVisit(physician, pid, { visitOn: daysAgo(3), physicianGlobal: '2', allowImplausible: 'on' }).visitOn).toBe(daysAgo(3));
  });
});

describe('CSV import warnings', () => {
  it('shows each in the preview, refuses an import that was not previewed, imports them from the preview', async () => {
    const pid = newPatient(physician);
    const mrn = mrnOf(pid);
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(20), 350));
    const csv = labCsv([
      ckRow(mrn, daysAgo(20), 410),
      ckRow(mrn, daysAgo(21), 410, { unit: 'µkat/L' }),
      betaRow(mrn, daysAgo(22), '12', { qualitative: 'negative' }),
      betaRow(mrn, daysAgo(22), '14'),
      ckRow(mrn, daysAgo(23), 200),
    ]);
    const preview = previewLabImport(nurse, csv);
    expect(preview.outcome).toBe('preview');
    expect(preview.counts).toMatchObject({ ok: 5, warned: 4, error: 0 });
    expect(preview.rows.map((r) => r.warnings)).toEqual([
      [`Another CK on ${daysAgo(20)} reads 350 U/L; this one reads 410 U/L. Both will be kept.`],
      ['CK 410 µkat/L is 24,600 U/L: if the report says 410 U/L, choose U/L as the unit.'],
      ["The lab's category (Negative) differs from what the cut-off says: 12 units with cut-off 5 reads Positive. Both are kept; the number decides the class."],
      [`Another result of this assay on ${daysAgo(22)} reads 12 units; this one reads 14 units. Both will be kept.`],
      [],
    ]);
    const err = await expectRefused(() => runLabImport(nurse, csv), 'conflict');
    expect(err.message).toMatch(/^4 new rows need a check/);
    expect(err.fieldErrors.acceptWarnings).toHaveLength(4);
    expect(runLabImport(nurse, csv, { dryRun: true }).counts.warned).toBe(4);
    const done = runLabImport(nurse, csv, { expectedSha256: preview.sha256 });
    expect(done).toMatchObject({ outcome: 'imported', counts: { created: 5, warned: 4 } });
  });

  it('imports them with acceptWarnings (the command line\'s --accept-warnings after a dry run)', () => {
    const pid = newPatient(physician);
    const report = runLabImport(nurse, labCsv([ckRow(mrnOf(pid), daysAgo(5), 60_000)]), { acceptWarnings: true });
    expect(report).toMatchObject({ outcome: 'imported', counts: { created: 1, warned: 1 } });
  });

  it('matches MRNs whatever their case', () => {
    const pid = newPatient(physician, { mrn: 'Case-77' });
    expect(runLabImport(nurse, labCsv([ckRow('CASE-77', daysAgo(5), 100), ckRow('case-77', daysAgo(6), 110)]))).toMatchObject({ outcome: 'imported', counts: { created: 2, patients: 1 } });
    expect((sqlite().prepare('SELECT count(*) AS n FROM enzyme_results WHERE patient_id = ?').get(pid) as { n: number }).n).toBe(2);
  });
});

describe('FHIR import', () => {
  const bundle = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`, resource })) });
  it('refuses values to check with a confirmable line, imports them when confirmed and lists each', () => {
    const pid = newPatient(physician);
    const resources = [observation('antibody', mrnOf(pid), { assayId: '2', collectedOn: daysAgo(4), value: '12', qualitative: 'negative' }, 'Mi-2β line blot')];
    const before = tableCounts();
    const refused = importFhirBundle(nurse, bundle(resources));
    expect(refused.ok).toBe(false);
    expect(refused.lines).toEqual([expect.objectContaining({ outcome: 'rejected', confirmable: true, message: expect.stringMatching(/^Check: The lab's category \(Negative\) differs .* --allow-implausible\)\.$/) })]);
    expect(tableCounts()).toEqual(before);
    const done = importFhirBundle(nurse, bundle(resources), { allowImplausible: true });
    expect(done.ok).toBe(true);
    expect(done.lines).toEqual([expect.objectContaining({ outcome: 'note', message: expect.stringContaining("Imported as confirmed: The lab's category (Negative)") })]);
  });

  it('matches an existing patient whatever the case of the MRN, and refuses a different person under it', () => {
    const pid = newPatient(physician, { mrn: 'Fhir-9', familyName: 'Okafor', birthDate: '1961-02-03' });
    const patient = (family: string) => ({ resourceType: 'Patient', identifier: [{ system: 'urn:titerline:mrn', value: 'FHIR-9' }], name: [{ family, given: ['Ada'] }], birthDate: '1961-02-03', gender: 'female' });
    const ok = importFhirBundle(physician, bundle([patient('Okafor')]));
    expect(ok).toMatchObject({ ok: true, counts: { patientsMatched: 1, patientsCreated: 0 } });
    const other = importFhirBundle(physician, bundle([patient('Smith')]));
    expect(other.ok).toBe(false);
    expect(other.lines.find((l) => l.outcome === 'rejected')?.message).toMatch(/MRN "FHIR-9" already belongs to Okafor/);
    expect((sqlite().prepare('SELECT count(*) AS n FROM patients WHERE mrn LIKE ?').get('fhir-9') as { n: number }).n).toBe(1);
    expect(pid).toBeGreaterThan(0);
  });
});

describe('the assay measuring range', () => {
  it('is validated, and a titer above it asks for confirmation', async () => {
    const base = { name: 'Mi-2β ELISA B', analyte: 'mi2-beta', method: 'elisa', unit: 'RU/mL', cutoff: '20', positiveFrom: '', strongAbove: '80' };
    await expectRefused(() => createAssay(admin, { ...base, measuringMax: '15' }), 'invalid', 'measuringMax');
    await expectRefused(() => createAssay(admin, { ...base, measuringMax: '60' }), 'invalid', 'measuringMax');
    await expectRefused(() => createAssay(admin, { ...base, measuringMax: '1e3' }), 'invalid', 'measuringMax');
    await expectRefused(() => createAssay(admin, { ...base, qualitativeOnly: 'on', cutoff: '', strongAbove: '', measuringMax: '200' }), 'invalid', 'measuringMax');
    const a = createAssay(admin, { ...base, measuringMax: '200' });
    expect(a.measuringMax).toBe(200);
    const pid = newPatient(physician);
    const err = await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(daysAgo(2), 250, { assayId: a.id })), 'conflict', 'allowImplausible');
    expect(err.fieldErrors.allowImplausible).toEqual(["250 RU/mL is above the assay's measuring range (up to 200 RU/mL): check the value."]);
    expect(recordAntibodyResult(nurse, pid, abForm(daysAgo(2), 150, { assayId: a.id })).value).toBe(150);
    expect(updateAssay(admin, a.id, { ...base, measuringMax: '' }).measuringMax).toBeNull();
    expect(ASSAY.betaBlot).toBe(2);
  });
});

describe('MRNs and names', () => {
  it('an MRN is unique whatever its case: a 409 with the field message, on create and on edit', async () => {
    createPatient(physician, patientForm({ mrn: 'MRN-100001' }));
    const err = await expectRefused(() => createPatient(physician, patientForm({ mrn: 'mrn-100001' })), 'conflict', 'mrn');
    expect(err.message).toBe('MRN mrn-100001 already belongs to another patient (written MRN-100001).');
    const other = createPatient(physician, patientForm({ mrn: 'MRN-100002' }));
    await expectRefused(() => updatePatient(physician, other.id, patientForm({ mrn: 'Mrn-100001' }), 'typo'), 'conflict', 'mrn');
    // Its own MRN in another case is an edit of the spelling, not a clash.
    expect(updatePatient(physician, other.id, patientForm({ mrn: 'mrn-100002' }), 'house style').mrn).toBe('mrn-100002');
  });

  it.each([
    ['only zero-width characters', { familyName: '\u200b\u200c' }, 'familyName', 'Family name must contain at least one letter.'],
    ['U+202E in a name', { givenName: 'Ann\u202eaJ' }, 'givenName', 'Given name contains a hidden control or text-direction character; type it again.'],
    ['a bidi isolate', { familyName: '\u2067Doe\u2069' }, 'familyName', 'Family name contains a hidden control or text-direction character; type it again.'],
    ['a line break', { familyName: 'Doe\nSmith' }, 'familyName', 'Family name contains a hidden control or text-direction character; type it again.'],
    ['only control characters', { givenName: '\u0001\u0002' }, 'givenName', 'Given name contains a hidden control or text-direction character; type it again.'],
  ])('refuses a name with %s, writing nothing', async (_what, over, field, message) => {
    const err = await expectRefused(() => createPatient(physician, patientForm({ mrn: 'MRN-NAME', ...over })), 'invalid', field);
    expect(err.fieldErrors[field]).toEqual([message]);
  });
});
