import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { getCohortView } from '@/lib/dal/cohort';
import { exportCohortViewCsv } from '@/lib/dal/cohort-csv';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { recordVisit } from '@/lib/dal/visits';
import type { ActivityView, FollowUpView, PhenotypeView } from '@/lib/domain/cohort/view';
import { mmtTests } from '@/lib/domain/mmt';
import { gradeField } from '@/lib/validation/visits';
import { unzip } from '../setup/unzip';
import { makeActor } from '../setup/actors';
import { abForm, ASSAY, auditRows, ckForm, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;

/** A complete unilateral MMT-8 with the given total (grades differ by at most 1). */
function mmt(total: number): Record<string, string> {
  const tests = mmtTests('unilateral');
  const base = Math.floor(total / tests.length);
  const extra = total - base * tests.length;
  return Object.fromEntries(tests.map((t, i) => [gradeField(t.key), String(base + (i < extra ? 1 : 0))]));
}

function visit(pid: number, ago: number, findings: string[], total?: number) {
  recordVisit(physician, pid, { visitOn: daysAgo(ago), ...(total ? mmt(total) : {}), ...Object.fromEntries(findings.map((f) => [`finding_${f}`, 'on'])) });
}

/** Titer (Mi-2beta units) and CK on the same days: CK follows the titer within the patient. */
function series(pid: number, points: [ago: number, titer: number, ck: number, mmt: number][]) {
  for (const [ago, titer, ck, total] of points) {
    recordAntibodyResult(nurse, pid, abForm(daysAgo(ago), titer));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(ago + 3), ck));
    visit(pid, ago, total < 76 ? ['weakness'] : [], total);
  }
}

beforeAll(async () => {
  db = useTempDatabase();
  [admin, physician, nurse, reviewer] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  const pos = (n: number, sex: string, birth: string, onset: string) => newPatient(physician, { familyName: `Pos${n}`, sex, birthDate: birth, onsetDate: onset, diagnosisDate: onset });
  series(pos(1, 'female', '1970-01-01', '2015-06-01'), [[900, 60, 6000, 55], [700, 40, 3000, 62], [500, 25, 900, 70], [300, 12, 400, 75], [100, 6, 250, 78]]);
  series(pos(2, 'male', '1980-05-05', '2016-01-01'), [[800, 90, 9000, 50], [600, 55, 5000, 58], [400, 30, 1200, 66], [200, 20, 700, 72], [50, 9, 300, 77]]);
  series(pos(3, 'female', '1990-03-03', '2018-01-01'), [[600, 30, 2500, 60], [400, 45, 4000, 56], [200, 20, 800, 70]]);
  for (const n of [1, 2]) {
    const pid = newPatient(physician, { familyName: `Neg${n}`, diagnosisGroup: 'mi2-neg-dm', onsetDate: '2017-01-01' });
    visit(pid, 500, ['calcinosis', 'fever'], 70);
    visit(pid, 300, [], 74);
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(500), 800 + n * 100));
    recordAntibodyResult(nurse, pid, abForm(daysAgo(500), 2));
  }
  const as = newPatient(physician, { familyName: 'Synth', diagnosisGroup: 'antisynthetase' });
  visit(as, 400, ['ild', 'weakness'], 68);
}, 120_000);
afterAll(() => db.dispose());

const view = <T,>(raw: Record<string, unknown>, actor: Actor = reviewer) => getCohortView(actor, raw).result as T;

describe('who may see cohort insights', () => {
  it('admins, physicians and reviewers read them without writing anything; nurses and deactivated users are refused', async () => {
    const before = tableCounts();
    for (const actor of [admin, physician, reviewer]) expect(view<PhenotypeView>({}, actor).total).toBe(6);
    expect(tableCounts()).toEqual(before);
    await expectRefused(() => getCohortView(nurse, {}), 'forbidden');
    await expectRefused(() => getCohortView({ ...reviewer, active: false }, {}), 'forbidden');
    await expectRefused(() => exportCohortViewCsv(nurse, {}), 'forbidden');
  });

  it('bad filters are refused with a message per field, and nothing is exported or audited', async () => {
    await expectRefused(() => getCohortView(reviewer, { ageMin: '-4', window: 'soon' }), 'invalid', 'ageMin');
    const err = await expectRefused(() => getCohortView(reviewer, { from: '2024-13-01' }), 'invalid', 'from');
    expect(err.message).toBe('Diagnosed from 2024-13-01 is not a date in the calendar: write a real date year-month-day, e.g. 2026-02-28, or leave it empty.');
    await expectRefused(() => exportCohortViewCsv(reviewer, { view: 'everything' }), 'invalid', 'view');
  });
});

describe('phenotype by group on real rows', () => {
  it('counts findings per group among patients with visits, with Fisher and Mann-Whitney p where both groups have 2+', () => {
    const v = view<PhenotypeView>({});
    expect(v.sizes.map((s) => [s.group, s.n])).toEqual([['mi2-pos-dm', 3], ['mi2-neg-dm', 2], ['antisynthetase', 1], ['imnm', 0]]);
    const row = (key: string) => v.table.binary.find((r) => r.key === key)!;
    const cont = (key: string) => v.table.continuous.find((r) => r.key === key)!;
    expect(row('calcinosis').cells.map((c) => [c.k, c.n])).toEqual([[0, 3], [2, 2], [0, 1], [0, 0]]);
    expect(row('weakness-onset').cells[0]).toMatchObject({ k: 3, n: 3 });
    // 0 of 3 vs 2 of 2: the observed table has probability C(3,0) C(2,2) / C(5,2) = 0.1, the least likely one.
    expect(row('calcinosis').comparisons[0]).toMatchObject({ group: 'mi2-neg-dm', result: { ok: true, test: "Fisher's exact" } });
    expect(row('calcinosis').comparisons[0]?.result.ok && row('calcinosis').comparisons[0]?.result).toMatchObject({ p: expect.closeTo(0.1, 12) });
    expect(cont('peak-ck').comparisons[0]?.result).toMatchObject({ ok: true, test: 'Mann-Whitney U, exact' });
    expect(cont('peak-ck').cells[0]?.summary).toMatchObject({ n: 3, median: 6000, max: 9000 });
    expect(cont('lowest-mmt').cells[2]?.summary).toMatchObject({ n: 1, median: 68 });
    expect(row('ild').comparisons.find((c) => c.group === 'antisynthetase')?.result.ok).toBe(false);
  });

  it('filters by sex, age at onset and diagnosis date; a filter that selects nobody gives zero counts, not an error', () => {
    expect(view<PhenotypeView>({ sex: 'male' }).total).toBe(1);
    // Age at onset: Pos1 45, Pos2 35, Pos3 27, the two Neg patients 46; Synth has no onset date.
    expect(view<PhenotypeView>({ ageMin: '40' }).total).toBe(3);
    expect(view<PhenotypeView>({ ageMin: '40', ageMax: '46' }).sizes.find((s) => s.group === 'mi2-pos-dm')?.n).toBe(1);
    expect(view<PhenotypeView>({ from: '2016-06-01', to: '2017-12-31' }).total).toBe(2);
    const nobody = view<PhenotypeView>({ sex: 'other' });
    expect(nobody.total).toBe(0);
    expect(nobody.table.binary.every((r) => r.cells.every((c) => c.n === 0) && r.comparisons.every((c) => !c.result.ok))).toBe(true);
  });
});

describe('titer vs disease activity on real rows', () => {
  it('pairs titers with CK 3 days before them and MMT-8 on the day, and correlates within patients', () => {
    const v = view<ActivityView>({ view: 'activity' });
    expect(v.eligible).toBe(3);
    expect([v.analysis.ck.pairs, v.analysis.ck.patients]).toEqual([13, 3]);
    expect(v.analysis.ck.rm).toMatchObject({ ok: true, df: 13 - 3 - 1 });
    expect(v.analysis.ck.rm.ok && v.analysis.ck.rm.r).toBeGreaterThan(0.9);
    expect(v.analysis.mmt.rm.ok && v.analysis.mmt.rm.r).toBeLessThan(-0.9);
    expect(v.analysis.ck.perPatient.filter((p) => p.rho !== null)).toHaveLength(2); // patient 3 has 3 pairs (< 5)
  });

  it('a window shorter than the gap leaves no CK pairs: said in words, no NaN', () => {
    const v = view<ActivityView>({ view: 'activity', window: '2' });
    expect(v.analysis.ck.pairs).toBe(0);
    expect(v.analysis.ck.rm).toMatchObject({ ok: false, reason: 'no patient has two or more pairs' });
    expect(v.analysis.ck.between.ok).toBe(false);
    expect(JSON.stringify(v.analysis)).not.toContain('NaN');
    expect(view<ActivityView>({ view: 'activity', group: 'mi2-neg-dm' }).eligible).toBe(0);
  });
});

describe('follow-up quality on real rows', () => {
  it('intervals between titer dates per group and results per assay', () => {
    const v = view<FollowUpView>({ view: 'follow-up' });
    const pos = v.groups.find((g) => g.group === 'mi2-pos-dm')!;
    expect(pos).toMatchObject({ patients: 3, withTiter: 3, serial: 3, intervals: 10 });
    expect(pos.perPatientMedian?.median).toBe(200);
    expect(v.groups.find((g) => g.group === 'mi2-neg-dm')).toMatchObject({ withTiter: 2, serial: 0, perPatientMedian: null, noRecentTiter: 2 });
    expect(v.assays).toEqual([expect.objectContaining({ analyte: 'mi2-beta', results: 15, patients: 5 })]);
  });

  it('its CSV download is audited with the filters', () => {
    const csv = unzip(exportCohortViewCsv(physician, { view: 'follow-up', group: ['mi2-pos-dm', 'mi2-neg-dm'] }).zip)['data.csv']!;
    expect(csv.split('\r\n').filter((l) => l.startsWith('group,'))).toHaveLength(2);
    const last = auditRows('export.cohort-insights').at(-1)!;
    expect(JSON.parse(last.after_json!)).toMatchObject({ view: 'follow-up', filters: { group: ['mi2-pos-dm', 'mi2-neg-dm'] }, patients: 5 });
  });
});

describe('one assay per patient in titer vs activity (never the highest across assays)', () => {
  let pos3: number, pos4: number;
  beforeAll(() => {
    const ids = sqlite().prepare("SELECT id, family_name AS f FROM patients WHERE family_name IN ('Pos3')").all() as { id: number; f: string }[];
    pos3 = ids[0]!.id;
    // Pos3: the Mi-2β immunoblot of another lab (cut-off 10 SIU) on two of its three line-blot days, reading far higher
    // as × cut-off (20 against 6 and 9): pooled by the highest per day, these would have replaced the line blot's levels.
    for (const ago of [600, 400]) recordAntibodyResult(nurse, pos3, abForm(daysAgo(ago), 200, { assayId: ASSAY.betaImmunoblotB }));
    // Pos4: two line-blot days, then five immunoblot days with CK: the immunoblot is followed.
    pos4 = newPatient(physician, { familyName: 'Pos4', onsetDate: '2019-01-01', diagnosisDate: '2019-01-01' });
    for (const [ago, value] of [[1000, 40], [950, 30]] as const) recordAntibodyResult(nurse, pos4, abForm(daysAgo(ago), value));
    for (const [ago, siu, ck] of [[900, 400, 8000], [800, 300, 5000], [700, 200, 2500], [600, 120, 900], [500, 60, 300]] as const) {
      recordAntibodyResult(nurse, pos4, abForm(daysAgo(ago), siu, { assayId: ASSAY.betaImmunoblotB }));
      recordEnzymeResult(nurse, pos4, ckForm(daysAgo(ago), ck));
    }
  }, 60_000);

  it("follows each patient's most used assay: Pos3 keeps its line-blot levels, Pos4 its immunoblot; what was left out is counted", () => {
    const v = view<ActivityView>({ view: 'activity' });
    expect(v.eligible).toBe(4);
    const pairsOf = (pid: number) => v.analysis.ck.byPatient.find((p) => p.patientId === pid);
    // Line blot Mi-2β, cut-off 5: 30, 45, 20 units are 6, 9 and 4 × cut-off (pooling would have read 20 on two of these days).
    expect(pairsOf(pos3)?.pairs.map((p) => p.titer)).toEqual([6, 9, 4]);
    expect(pairsOf(pos3)?.assay).toBe('Mi-2β line blot, Reference lab A');
    expect(pairsOf(pos4)?.pairs.map((p) => p.titer)).toEqual([40, 30, 20, 12, 6]);
    expect(v.analysis.ck.perPatient.find((p) => p.patientId === pos4)).toMatchObject({ assay: 'Mi-2β immunoblot, Reference lab B', pairs: 5, rho: expect.closeTo(1, 12) });
    expect(v.series).toEqual({ patients: 4, withOtherAssays: 2, levelsLeftOut: 4 });
  });

  it('the between-patient Spearman of 4 patients has an exact permutation p, named so', () => {
    const b = view<ActivityView>({ view: 'activity' }).analysis.ck.between;
    expect(b).toMatchObject({ ok: true, n: 4, method: 'exact', test: 'Spearman on per-patient means, exact permutation p' });
    // n = 4: every p is a multiple of 1/24 (ties aside, none here).
    expect(b.ok && Math.round(b.p * 24) / 24).toBeCloseTo(b.ok ? b.p : -1, 12);
  });

  it('the CSV says which assay each patient followed and what the rule left out', () => {
    const csv = unzip(exportCohortViewCsv(physician, { view: 'activity', identified: '1' }).zip)['data.csv']!;
    const lines = csv.split('\r\n');
    expect(lines[0]).toContain(',assay,');
    expect(lines).toContain('titer series,,patients_with_other_assays_left_out,2,,,,,,,,,,,,');
    expect(lines.some((l) => l.startsWith('patient,CK (U/L),spearman_rho,') && l.includes('"Mi-2β immunoblot, Reference lab B"'))).toBe(true);
  });
});
