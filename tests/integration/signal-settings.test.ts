/**
 * Site settings of the signal engine on a real database: settings stored before the
 * month-based windows are upgraded, not lost; the coverage of a pulse therapy is a
 * setting that recomputes every patient; the tapering signal and its withholding are
 * stored like every other signal.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { startMedication } from '@/lib/dal/medications';
import { getSignalSettings, updateSignalSettings } from '@/lib/dal/signals';
import { recordVisit } from '@/lib/dal/visits';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { mmtTests } from '@/lib/domain/mmt';
import { gradeField } from '@/lib/validation/visits';
import { makeTeam } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient, sqlite, storedCodes, storedSignals } from '../setup/dal-helpers';
import { databasePerTest } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;
databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
});

const fullStrength = Object.fromEntries(mmtTests('unilateral').map((t) => [gradeField(t.key), '10']));

/** Positive Mi-2β, two negatives over 100 days (the last 30 days ago), normal CK, full strength, and a rituximab infusion `infusedAgo` days ago. */
function quietOnRituximab(infusedAgo: number): number {
  const pid = newPatient(physician);
  recordAntibodyResult(nurse, pid, abForm(daysAgo(400), 30));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(130), 3));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 2));
  recordEnzymeResult(nurse, pid, ckForm(daysAgo(30), 120));
  recordVisit(physician, pid, { visitOn: daysAgo(30), ...fullStrength });
  startMedication(physician, pid, { drug: 'rituximab', dose: '1000', doseUnit: 'mg', route: 'iv', frequency: 'per course', startOn: daysAgo(infusedAgo), endOn: daysAgo(infusedAgo), startReason: 'started', endReason: 'other' });
  return pid;
}

describe('signal settings on the database', () => {
  it('settings stored in days before the upgrade are read as months, and nothing else is lost', () => {
    const legacy = { ...DEFAULT_SIGNAL_SETTINGS, overdueIntervalDays: 730, mmtWindowDays: 90, ckWindowDays: 60, reriseFactor: 3 } as Record<string, unknown>;
    delete legacy.overdueIntervalMonths;
    delete legacy.mmtWindowMonths;
    delete legacy.discordanceWindowDays;
    delete legacy.drugCoverageDays;
    sqlite().prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('signal-settings', ?, '2025-01-01T00:00:00Z')").run(JSON.stringify(legacy));
    expect(getSignalSettings(reviewer)).toMatchObject({ overdueIntervalMonths: 24, mmtWindowMonths: 3, discordanceWindowDays: 60, reriseFactor: 3, drugCoverageDays: DEFAULT_SIGNAL_SETTINGS.drugCoverageDays });
  });

  it('a rituximab infusion covers its interval; shortening the coverage setting recomputes every patient, and withholding is named', () => {
    const pid = quietOnRituximab(150);
    expect(storedCodes(pid)).toContain('taper-discussion');
    expect(storedSignals(pid).find((s) => s.code === 'taper-discussion')?.explanation).toContain(`while on Rituximab 1000 mg (last dose ${daysAgo(150)}`);

    updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS, 'coverage.rituximab': '120' });
    expect(getSignalSettings(reviewer).drugCoverageDays.rituximab).toBe(120);
    // No immunosuppression covers today any more: nothing to taper, nothing withheld.
    expect(storedCodes(pid)).not.toContain('taper-discussion');
    expect(storedCodes(pid)).not.toContain('taper-withheld');
    expect(storedCodes(pid)).toContain('clinical-quiescence');

    updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS });
    recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 30, { analyte: 'mi2-alpha', assayId: '1' }));
    expect(storedCodes(pid)).not.toContain('taper-discussion');
    expect(storedSignals(pid).find((s) => s.code === 'taper-withheld')?.explanation).toContain(`The latest Mi-2α result, 30 units (cut-off 5) on ${daysAgo(10)}, is positive.`);
  });
});
