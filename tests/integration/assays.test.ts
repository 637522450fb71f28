import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay, listAssays, setAssayActive, updateAssay } from '@/lib/dal/assays';
import { getPatientRecord } from '@/lib/dal/patient-record';
import type { ErrorCode } from '@/lib/errors';
import { inactive, makeTeam } from '../setup/actors';
import { abForm, ASSAY, auditRows, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { databasePerTest } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
});


/** A valid assay form; `over` replaces fields. */
const assayForm = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Mi-2β ELISA (new kit)', analyte: 'mi2-beta', method: 'elisa', kit: 'Kit X', lab: 'Lab C', unit: 'AU/mL',
  cutoff: '15', positiveFrom: '20', strongAbove: '100', loinc: '88733-1', ...over,
});

/** The seeded Mi-2β line blot as a form, for updates. */
const betaBlotForm = (over: Record<string, unknown> = {}) =>
  assayForm({ name: 'Mi-2β line blot', analyte: 'mi2-beta', method: 'line-blot', kit: 'Myositis line immunoassay', lab: 'Reference lab A', unit: 'units', cutoff: 5, positiveFrom: 11, strongAbove: 50, ...over });

describe('the starter catalog', () => {
  it('every role reads the five seeded assays with their limits; a deactivated user cannot', async () => {
    for (const actor of [admin, physician, nurse, reviewer]) {
      const rows = listAssays(actor);
      expect(rows).toHaveLength(5);
      const byId = new Map(rows.map((a) => [a.id, a]));
      expect(byId.get(ASSAY.alphaBlot)).toMatchObject({ analyte: 'mi2-alpha', cutoff: 5, positiveFrom: 11, strongAbove: 50, unit: 'units', active: true });
      expect(byId.get(ASSAY.betaBlot)).toMatchObject({ analyte: 'mi2-beta', cutoff: 5, positiveFrom: 11, strongAbove: 50 });
      expect(byId.get(ASSAY.betaImmunoblotB)).toMatchObject({ analyte: 'mi2-beta', cutoff: 10, positiveFrom: 11, strongAbove: null, unit: 'SIU' });
      expect(byId.get(ASSAY.elisa)).toMatchObject({ analyte: 'mi2', cutoff: 20, positiveFrom: null, strongAbove: 80 });
      expect(byId.get(ASSAY.ip)).toMatchObject({ analyte: 'mi2', qualitativeOnly: true, cutoff: null });
    }
    for (const actor of [admin, physician, nurse, reviewer].map(inactive)) await expectRefused(() => listAssays(actor), 'forbidden');
  });

  it('activeOnly leaves out deactivated assays', () => {
    setAssayActive(admin, ASSAY.elisa, false);
    expect(listAssays(nurse).map((a) => a.id)).toContain(ASSAY.elisa);
    expect(listAssays(nurse, { activeOnly: true }).map((a) => a.id)).not.toContain(ASSAY.elisa);
    expect(listAssays(nurse, { activeOnly: true })).toHaveLength(4);
  });
});

describe('createAssay', () => {
  it('an admin adds an assay, audited with the new row', () => {
    const a = createAssay(admin, assayForm());
    expect(a).toMatchObject({ name: 'Mi-2β ELISA (new kit)', analyte: 'mi2-beta', method: 'elisa', cutoff: 15, positiveFrom: 20, strongAbove: 100, loinc: '88733-1', active: true, qualitativeOnly: false });
    const ev = auditRows('assay.create');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: admin.userId, entity: 'assay', entity_id: String(a.id), patient_id: null });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ id: a.id, cutoff: 15 });
    expect(listAssays(reviewer)).toHaveLength(6);
  });

  it('a qualitative-only assay needs no cut-off', () => {
    const a = createAssay(admin, assayForm({ name: 'Mi-2 IIF', method: 'iif', qualitativeOnly: 'on', cutoff: '', positiveFrom: '', strongAbove: '', loinc: '' }));
    expect(a).toMatchObject({ qualitativeOnly: true, cutoff: null, loinc: null });
  });

  it.each(['physician', 'nurse', 'reviewer'] as const)('a %s is forbidden and nothing is written', async (role) => {
    const actor = { physician, nurse, reviewer }[role];
    await expectRefused(() => createAssay(actor, assayForm()), 'forbidden');
  });

  it('a deactivated admin is forbidden', async () => {
    await expectRefused(() => createAssay(inactive(admin), assayForm()), 'forbidden');
  });

  const cases: [string, Record<string, unknown>, ErrorCode, string][] = [
    ['a cut-off of 0', { cutoff: '0' }, 'invalid', 'cutoff'],
    ['a negative cut-off', { cutoff: '-5' }, 'invalid', 'cutoff'],
    ['a missing cut-off on a quantitative assay', { cutoff: '' }, 'invalid', 'cutoff'],
    ['a cut-off that is text', { cutoff: 'abc' }, 'invalid', 'cutoff'],
    ['a cut-off NaN', { cutoff: Number.NaN }, 'invalid', 'cutoff'],
    ['a cut-off of 1e308', { cutoff: 1e308 }, 'invalid', 'cutoff'],
    ['a positive limit below the cut-off', { positiveFrom: '10' }, 'invalid', 'cutoff'],
    ['a strong limit below the positive limit', { strongAbove: '18' }, 'invalid', 'cutoff'],
    ['an unknown analyte', { analyte: 'mi2-gamma' }, 'invalid', 'analyte'],
    ['an unknown method', { method: 'western' }, 'invalid', 'method'],
    ['a 10k-character name', { name: 'n'.repeat(10_000) }, 'invalid', 'name'],
    ['an empty name', { name: ' ' }, 'invalid', 'name'],
    ['a 10k-character lab', { lab: 'l'.repeat(10_000) }, 'invalid', 'lab'],
    ['an empty unit', { unit: '' }, 'invalid', 'unit'],
    ['a malformed LOINC', { loinc: "88733-1'; DROP TABLE assays;--" }, 'invalid', 'loinc'],
  ];
  it.each(cases)('refuses %s with a field error', async (_label, over, code, field) => {
    await expectRefused(() => createAssay(admin, assayForm(over)), code, field);
  });

  it('stores an HTML name verbatim', () => {
    const a = createAssay(admin, assayForm({ name: '<b onmouseover=alert(1)>blot</b>' }));
    expect(sqlite().prepare('SELECT name FROM assays WHERE id = ?').get(a.id)).toEqual({ name: '<b onmouseover=alert(1)>blot</b>' });
  });
});

describe('updateAssay and the cut-off snapshot', () => {
  it('editing the cut-off affects only results entered afterwards', () => {
    const pid = newPatient(physician);
    const old = recordAntibodyResult(nurse, pid, abForm(daysAgo(100), 7));
    expect(old).toMatchObject({ cutoff: 5, positiveFrom: 11, strongAbove: 50, unit: 'units' });

    const updated = updateAssay(admin, ASSAY.betaBlot, betaBlotForm({ cutoff: 8, positiveFrom: 12, strongAbove: 60 }));
    expect(updated).toMatchObject({ cutoff: 8, positiveFrom: 12, strongAbove: 60 });
    const ev = auditRows('assay.update');
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.before_json!)).toMatchObject({ cutoff: 5, positiveFrom: 11 });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ cutoff: 8, positiveFrom: 12 });

    // The old row keeps the limits it was read with: 7 units stays borderline (above 5, below 11).
    expect(sqlite().prepare('SELECT cutoff, positive_from, strong_above FROM antibody_results WHERE id = ?').get(old.id)).toEqual({ cutoff: 5, positive_from: 11, strong_above: 50 });
    const fresh = recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 7));
    expect(fresh).toMatchObject({ cutoff: 8, positiveFrom: 12, strongAbove: 60 });
    const rows = getPatientRecord(reviewer, pid).antibodyResults;
    expect(rows.find((r) => r.id === old.id)).toMatchObject({ cls: 'borderline', xCutoff: 7 / 5 });
    expect(rows.find((r) => r.id === fresh.id)).toMatchObject({ cls: 'negative', xCutoff: 7 / 8 });
  });

  it('only admins edit; unknown ids are not found; bad limits are refused and the assay is unchanged', async () => {
    for (const actor of [physician, nurse, reviewer, inactive(admin)]) {
      await expectRefused(() => updateAssay(actor, ASSAY.betaBlot, betaBlotForm({ cutoff: 8 })), 'forbidden');
    }
    await expectRefused(() => updateAssay(admin, 9999, betaBlotForm()), 'not-found');
    await expectRefused(() => updateAssay(admin, ASSAY.betaBlot, betaBlotForm({ cutoff: 0 })), 'invalid', 'cutoff');
    await expectRefused(() => updateAssay(admin, ASSAY.betaBlot, betaBlotForm({ positiveFrom: 2 })), 'invalid', 'cutoff');
    expect(listAssays(admin).find((a) => a.id === ASSAY.betaBlot)).toMatchObject({ cutoff: 5, positiveFrom: 11, strongAbove: 50 });
  });
});

describe('setAssayActive', () => {
  it('a deactivated assay keeps its old results but takes no new ones; reactivation restores it; both audited', async () => {
    const pid = newPatient(physician);
    const old = recordAntibodyResult(nurse, pid, abForm(daysAgo(50), 30));
    expect(setAssayActive(admin, ASSAY.betaBlot, false).active).toBe(false);
    await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 3)), 'invalid', 'assayId');
    expect(getPatientRecord(nurse, pid).antibodyResults.map((r) => r.id)).toEqual([old.id]);
    expect(setAssayActive(admin, ASSAY.betaBlot, true).active).toBe(true);
    expect(recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 3)).assayId).toBe(ASSAY.betaBlot);
    expect(auditRows('assay.deactivate').map((a) => a.entity_id)).toEqual([String(ASSAY.betaBlot)]);
    expect(JSON.parse(auditRows('assay.deactivate')[0]!.before_json!)).toMatchObject({ active: true });
    expect(JSON.parse(auditRows('assay.activate')[0]!.after_json!)).toMatchObject({ active: true });
  });

  it('only admins; unknown ids are not found', async () => {
    for (const actor of [physician, nurse, reviewer, inactive(admin)]) await expectRefused(() => setAssayActive(actor, ASSAY.elisa, false), 'forbidden');
    await expectRefused(() => setAssayActive(admin, 9999, false), 'not-found');
    expect(listAssays(admin).every((a) => a.active)).toBe(true);
  });
});

describe('dilution titers whose cut-off dilution is positive', () => {
  const iif = (over: Record<string, unknown> = {}) => assayForm({ name: 'Mi-2 IIF', analyte: 'mi2', method: 'iif', unit: '{titer}', cutoff: '80', positiveFrom: '', strongAbove: '', loinc: '', cutoffDilutionPositive: 'on', ...over });

  it('1:80 with cut-off 80 is positive on such an assay; results keep the setting they were read with when the catalog changes', () => {
    const assay = createAssay(admin, iif());
    expect(assay.cutoffDilutionPositive).toBe(true);
    const pid = newPatient(physician);
    recordAntibodyResult(nurse, pid, abForm(daysAgo(20), 80, { assayId: String(assay.id), cutoff: '' }));
    const read = () => getPatientRecord(reviewer, pid).antibodyResults.map((r) => [r.value, r.cls]);
    expect(read()).toEqual([[80, 'positive']]);
    updateAssay(admin, assay.id, iif({ cutoffDilutionPositive: '' }));
    recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 80, { assayId: String(assay.id), cutoff: '' }));
    expect(read()).toEqual([[80, 'positive'], [80, 'negative']]);
  });

  it('only a dilution titer takes the setting, without a borderline zone; the assay is unchanged on refusal', async () => {
    await expectRefused(() => createAssay(admin, iif({ unit: 'AU/mL' })), 'invalid', 'cutoffDilutionPositive');
    await expectRefused(() => createAssay(admin, iif({ positiveFrom: '160' })), 'invalid', 'positiveFrom');
    expect(createAssay(admin, iif({ positiveFrom: '80' })).cutoffDilutionPositive).toBe(true);
  });
});
