/**
 * An administrator's edit of an assay reaches the stored timelines the same day: the
 * assay's name and lab label every result of it (they are not snapshotted like the
 * limits), so the edit drops the stored timelines of the patients with such results in
 * its own transaction, and their next view rebuilds them. Before, the flowsheet's assay
 * row kept the old lab until the next day while the results tab showed the new one.
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { setAssayActive, updateAssay } from '@/lib/dal/assays';
import { getPatientOverview, getPatientResults, getPatientTimelineData } from '@/lib/dal/patient-page';
import { makeActor } from '../setup/actors';
import { abForm, ASSAY, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor, nurse: Actor;
let ann: number, bob: number;

beforeEach(async () => {
  db = useTempDatabase();
  [admin, physician, nurse] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse')]);
  ann = newPatient(physician);
  bob = newPatient(physician);
  recordAntibodyResult(nurse, ann, abForm(daysAgo(10), 30)); // Mi-2β line blot, Reference lab A
  recordAntibodyResult(nurse, bob, abForm(daysAgo(10), 30, { assayId: ASSAY.elisa }));
});
afterEach(() => db.dispose());

/** The seeded Mi-2β line blot as a form; `over` replaces fields. */
const betaBlot = (over: Record<string, unknown> = {}) => ({
  name: 'Mi-2β line blot', analyte: 'mi2-beta', method: 'line-blot', kit: 'Myositis line immunoassay', lab: 'Reference lab A',
  unit: 'units', cutoff: 5, positiveFrom: 11, strongAbove: 50, loinc: '88733-1', ...over,
});
const stored = (id: number) => sqlite().prepare('SELECT built_for, updated_at FROM patient_timelines WHERE patient_id = ?').get(id) as { built_for: string; updated_at: string } | undefined;
const assayRowText = (id: number) => {
  const row = getPatientOverview(physician, id).timeline.shell.flowsheet.rows.find((r) => r.key === 'assay:mi2-beta');
  return Object.values(row?.cells ?? {}).map((c) => c.text).join(' ');
};

describe('an assay edit and the stored timelines', () => {
  it('a new lab name shows on the flowsheet\'s assay row and in the chart data the same day, as on the results tab', () => {
    expect(assayRowText(ann)).toContain('Reference lab A');
    updateAssay(admin, ASSAY.betaBlot, betaBlot({ lab: 'Reference lab B (corrected)' }));
    const tab = getPatientResults(physician, ann, { expanded: new Set() }).antibody.rows[0] as unknown as { assayLabel: string };
    expect(tab.assayLabel).toContain('Reference lab B (corrected)');
    expect(assayRowText(ann)).toContain('Reference lab B (corrected)');
    expect(assayRowText(ann)).not.toContain('Reference lab A');
    const data = JSON.parse(gunzipSync(getPatientTimelineData(physician, ann)).toString('utf8')) as { titer: { series: { segments: { assayLabel: string }[] }[] } };
    expect(JSON.stringify(data.titer)).toContain('Reference lab B (corrected)');
  });

  it('drops, in the edit\'s transaction, only the timelines of patients with a result of that assay', () => {
    getPatientOverview(physician, ann);
    const bobsBefore = stored(bob);
    expect(stored(ann)).toBeDefined();
    expect(bobsBefore).toBeDefined();
    updateAssay(admin, ASSAY.betaBlot, betaBlot({ name: 'Mi-2β line blot (v2)' }));
    expect(stored(ann)).toBeUndefined();
    expect(stored(bob)).toEqual(bobsBefore);
    // The next view rebuilds it with the new name.
    expect(assayRowText(ann)).toContain('Mi-2β line blot (v2)');
    expect(stored(ann)).toBeDefined();
  });

  it('a result entered in error still counts: its patient\'s timeline is dropped too (harmless, rebuilt on view)', () => {
    const carl = newPatient(physician);
    const wrong = recordAntibodyResult(nurse, carl, abForm(daysAgo(5), 12));
    markAntibodyResultInError(physician, carl, wrong.id, 'Wrong patient');
    expect(stored(carl)).toBeDefined();
    updateAssay(admin, ASSAY.betaBlot, betaBlot({ kit: 'Kit 2' }));
    expect(stored(carl)).toBeUndefined();
  });

  it('a refused edit leaves the stored timelines as they were', async () => {
    const before = stored(ann);
    await expectRefused(() => updateAssay(admin, ASSAY.betaBlot, betaBlot({ cutoff: 0 })), 'invalid', 'cutoff');
    await expectRefused(() => updateAssay(physician, ASSAY.betaBlot, betaBlot({ lab: 'Lab Z' })), 'forbidden');
    await expectRefused(() => updateAssay(admin, 9999, betaBlot()), 'not-found');
    expect(stored(ann)).toEqual(before);
    expect(assayRowText(ann)).toContain('Reference lab A');
  });

  it('deactivating an assay labels nothing differently and keeps the stored timelines', () => {
    const before = stored(ann);
    setAssayActive(admin, ASSAY.betaBlot, false);
    expect(stored(ann)).toEqual(before);
  });
});
