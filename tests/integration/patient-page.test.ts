/**
 * The patient page's read (lib/dal/patient-page.ts) and the stored timeline it reads
 * (lib/dal/timeline-store.ts): what a 20-year record shows without loading it whole
 * must be exactly what the full record says, and stored data must never lag a change.
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatientMedications, getPatientOverview, getPatientResults, getPatientTimelineData, getPatientVisits, RECENT_ROWS, type PageTable } from '@/lib/dal/patient-page';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { recomputeAllPatients } from '@/lib/dal/signals';
import { writeTx } from '@/lib/dal/tx';
import { recordVisit } from '@/lib/dal/visits';
import { startMedication } from '@/lib/dal/medications';
import { mmtTests } from '@/lib/domain/mmt';
import { gradeField } from '@/lib/validation/visits';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { visitResponses } from '@/lib/domain/response';
import { makeActor } from '../setup/actors';
import { abForm, auditRows, ckForm, daysAgo, expectRefused, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;
let pid: number;

const visitForm = (visitOn: string, grade: number) => ({
  visitOn, physicianGlobal: '3', patientGlobal: '3', haq: '1', extramuscular: '1',
  ...Object.fromEntries(mmtTests('unilateral').map((t) => [gradeField(t.key), String(grade)])),
});
const query = (expanded: PageTable[] = [], baseline: number | null = null) => ({ expanded: new Set(expanded), baseline });
const storedRow = (id: number) => sqlite().prepare('SELECT built_for, responses_json FROM patient_timelines WHERE patient_id = ?').get(id) as { built_for: string; responses_json: string } | undefined;

beforeEach(async () => {
  db = useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  pid = newPatient(physician);
  // More rows than a collapsed table shows, and visits scored against CK near them.
  for (let i = 0; i < RECENT_ROWS + 3; i++) {
    recordAntibodyResult(nurse, pid, abForm(daysAgo(30 * (RECENT_ROWS + 3 - i)), 40 - 2 * i));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(30 * (RECENT_ROWS + 3 - i)), 2000 - 100 * i));
  }
  for (let i = 0; i < RECENT_ROWS + 1; i++) recordVisit(physician, pid, visitForm(daysAgo(30 * (RECENT_ROWS + 1 - i)), 5 + (i % 5)));
});
afterEach(() => db.dispose());

describe('patient record tabs', () => {
  it('each table tab shows its newest rows with the totals, and every row when expanded, as the full record has them', () => {
    const full = getPatientRecord(reviewer, pid);
    const collapsed = getPatientResults(reviewer, pid, query());
    expect(collapsed.antibody.total).toBe(RECENT_ROWS + 3);
    expect(collapsed.antibody.rows).toEqual([...full.antibodyResults].reverse().slice(0, RECENT_ROWS));
    // The tab says where each range came from (issue 17, item 4), as the record's rows do.
    for (const r of collapsed.enzyme.rows) expect(r.rangeSource).toMatch(/^(lab|patient|site-default)$/);
    expect(collapsed.enzyme.rows).toEqual([...full.enzymeResults].reverse().slice(0, RECENT_ROWS));
    const visits = getPatientVisits(reviewer, pid, query());
    expect(visits.visits.total).toBe(RECENT_ROWS + 1);
    expect(visits.visits.rows.map((v) => v.id)).toEqual([...full.visits].reverse().slice(0, RECENT_ROWS).map((v) => v.id));
    const expanded = getPatientResults(reviewer, pid, query(['antibody', 'enzyme']));
    expect(expanded.antibody.rows).toEqual([...full.antibodyResults].reverse());
    expect(expanded.enzyme.rows).toHaveLength(RECENT_ROWS + 3);
    expect(getPatientVisits(reviewer, pid, query(['visits'])).visits.rows).toHaveLength(RECENT_ROWS + 1);
    // Two drugs started in the reverse of their names' order: the tab lists by drug, then start (a taper reads top to bottom).
    startMedication(physician, pid, { drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(90), startReason: 'started' });
    startMedication(physician, pid, { drug: 'azathioprine', dose: '50', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(30), startReason: 'started' });
    const epochs = getPatientMedications(reviewer, pid).epochs;
    expect(epochs.map((e) => e.drug.toLowerCase())).toEqual(['azathioprine', 'prednisone']);
    expect(epochs.map((e) => e.id).sort()).toEqual(getPatientRecord(reviewer, pid).medications.map((m) => m.id).sort());
  });

  it('the overview has the stored signals, what the patient is on today and the stored timeline', () => {
    startMedication(physician, pid, { drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: daysAgo(60), startReason: 'started' });
    const full = getPatientRecord(reviewer, pid);
    const overview = getPatientOverview(reviewer, pid);
    expect(overview.signals.map((s) => s.code)).toEqual(full.signals.map((s) => s.code));
    expect(overview.currentMedications.map((m) => m.id)).toEqual(full.currentMedications.map((m) => m.id));
    expect(overview.currentMedications).toHaveLength(1);
    expect(overview.timeline.shell.extent.end).toBe(TODAY);
    expect(overview.timeline.latest.length).toBeGreaterThan(0);
  });

  it('scores visits against the default baseline from what was stored, and against another baseline on view, as the domain does', () => {
    const full = getPatientRecord(reviewer, pid);
    const page = getPatientVisits(reviewer, pid, query());
    const expected = visitResponses(full.visits, full.enzymeResults);
    expect({ baselineVisitId: page.visits.baselineVisitId, responses: page.visits.responses }).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(page.visits.responses.filter((r) => r.tis?.score != null).length).toBeGreaterThan(3);
    const third = full.visits[2]!.id;
    const other = getPatientVisits(reviewer, pid, query([], third));
    expect(other.visits.baselineVisitId).toBe(third);
    expect(other.visits.responses).toEqual(visitResponses(full.visits, full.enzymeResults, third).responses);
  });

  it('every tab audits its view, refuses an unknown patient and a missing permission without writing', async () => {
    const reads = [
      (a: Actor, id: number) => getPatientOverview(a, id),
      (a: Actor, id: number) => getPatientResults(a, id, query()),
      (a: Actor, id: number) => getPatientVisits(a, id, query()),
      (a: Actor, id: number) => getPatientMedications(a, id),
    ];
    for (const read of reads) {
      const views = auditRows('patient.view').length;
      read(nurse, pid);
      expect(auditRows('patient.view')).toHaveLength(views + 1);
      const events = auditRows().length;
      await expectRefused(() => read(reviewer, 999_999), 'not-found');
      await expectRefused(() => read({ ...reviewer, active: false }, pid), 'forbidden');
      expect(auditRows()).toHaveLength(events);
    }
  });
});

describe('stored timeline', () => {
  it('is rewritten in the transaction of every change: the data route serves what the rows say now', () => {
    const before = getPatientRecord(reviewer, pid);
    const wrong = before.enzymeResults.at(-1)!;
    markEnzymeResultInError(nurse, pid, wrong.id, 'wrong patient');
    const record = getPatientRecord(reviewer, pid);
    const served = JSON.parse(gunzipSync(getPatientTimelineData(reviewer, pid)).toString('utf8'));
    expect(served).toEqual(JSON.parse(JSON.stringify(buildTimeline({ ...record, today: TODAY }))));
    expect(served.enzymes.ck.points.map((p: { id: number }) => p.id)).not.toContain(wrong.id);
    expect(storedRow(pid)?.built_for).toBe(TODAY);
  });

  it('a timeline stored on an earlier day is rebuilt and stored by the next view, never served stale', () => {
    sqlite().prepare("UPDATE patient_timelines SET built_for = '2000-01-01', shell_json = '{}' WHERE patient_id = ?").run(pid);
    const page = getPatientOverview(reviewer, pid);
    expect(page.timeline.shell.extent.end).toBe(TODAY);
    expect(storedRow(pid)?.built_for).toBe(TODAY);
    // The data route then reads what the page stored: the same bytes, not a second rebuild.
    const stored = sqlite().prepare('SELECT data FROM patient_timelines WHERE patient_id = ?').get(pid) as { data: Buffer };
    expect(getPatientTimelineData(reviewer, pid).equals(stored.data)).toBe(true);
  });

  it('a shell stored today but without its first frame (before decision 41) is rebuilt by the next view, with the frame', () => {
    const stored = JSON.parse((sqlite().prepare('SELECT shell_json FROM patient_timelines WHERE patient_id = ?').get(pid) as { shell_json: string }).shell_json) as Record<string, unknown>;
    expect(stored.sketch).toBeTruthy();
    delete stored.sketch;
    sqlite().prepare('UPDATE patient_timelines SET shell_json = ? WHERE patient_id = ?').run(JSON.stringify(stored), pid);
    const page = getPatientOverview(reviewer, pid);
    expect(page.timeline.shell.sketch.titer).not.toBeNull();
    const again = JSON.parse((sqlite().prepare('SELECT shell_json FROM patient_timelines WHERE patient_id = ?').get(pid) as { shell_json: string }).shell_json) as Record<string, unknown>;
    expect(again.sketch).toEqual(page.timeline.shell.sketch);
  });

  it('on a new day the next view recomputes the signals as of today before showing them (a stored tapering signal never outlives its evidence)', () => {
    const stale = { patientId: pid, code: 'taper-discussion', level: 'action', explanation: 'computed on an earlier day' };
    sqlite().prepare("INSERT INTO patient_signals (patient_id, code, level, level_rank, analyte, since, explanation, result_ids_json, evidence_json, fingerprint, computed_at) VALUES (?, ?, ?, 0, NULL, '2000-01-01', ?, '{}', '{}', 'x', '2000-01-01T00:00:00Z')")
      .run(stale.patientId, stale.code, stale.level, stale.explanation);
    sqlite().prepare("UPDATE patient_timelines SET built_for = '2000-01-01' WHERE patient_id = ?").run(pid);
    const page = getPatientOverview(reviewer, pid);
    expect(page.signals.map((s) => s.explanation)).not.toContain(stale.explanation);
    expect(page.signals).toEqual(getPatientOverview(reviewer, pid).signals);
    expect(storedRow(pid)?.built_for).toBe(TODAY);
  });

  it('a timeline dropped by an import is rebuilt from the rows on the next read, as a change would build it', () => {
    sqlite().prepare('DELETE FROM patient_timelines WHERE patient_id = ?').run(pid);
    const data = JSON.parse(gunzipSync(getPatientTimelineData(reviewer, pid)).toString('utf8'));
    expect(storedRow(pid)?.built_for).toBe(TODAY);
    writeTx((tx) => recomputeAllPatients(tx));
    const rebuilt = sqlite().prepare('SELECT data FROM patient_timelines WHERE patient_id = ?').get(pid) as { data: Buffer };
    // The recompute stores the signals again under new ids; everything else is the same.
    const withoutSignalIds = (t: { signals: { id: number }[] }) => ({ ...t, signals: t.signals.map(({ id: _id, ...rest }) => rest) });
    expect(withoutSignalIds(JSON.parse(gunzipSync(rebuilt.data).toString('utf8')))).toEqual(withoutSignalIds(data));
  });

  it('the data read is audited, and refused for an unknown patient or without a session role', async () => {
    getPatientTimelineData(reviewer, pid);
    expect(auditRows('patient.timeline').at(-1)).toMatchObject({ patient_id: pid, user_id: reviewer.userId });
    await expectRefused(() => getPatientTimelineData(reviewer, 999_999), 'not-found');
    await expectRefused(() => getPatientTimelineData({ ...reviewer, active: false }, pid), 'forbidden');
  });
});
