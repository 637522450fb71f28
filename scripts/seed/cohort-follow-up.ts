/**
 * Serial follow-up for a demo patient: clinic days every few months, each with CK,
 * an anti-Mi2 titer (when the plan asks for one) and a visit with the MMT-8, globals,
 * HAQ-DI and extramuscular activity. Values follow keyframes (log-linear for labs,
 * linear for strength) with seeded noise; the first and last values can be pinned
 * so the signals the demo is meant to show never depend on the noise.
 */
import { MMT_GROUP_KEYS, type MmtGroupKey } from '../../lib/domain/mmt';
import type { Finding } from '../../lib/validation/visits';
import type { Rng } from './prng';
import type { CkLimits, Story } from './cohort-story';

/** [days ago, value]. */
export type Key = readonly [ago: number, value: number];

export interface Series<T extends number | string = number> {
  /** Keyframes, oldest first (largest "ago" first). */
  keys: readonly Key[];
  /** Log-normal noise (labs) or absolute noise (strength). */
  noise?: number;
  /** Floor for noisy values (keeps a falling titer positive until its pinned tail). */
  min?: number;
  head?: readonly T[];
  tail?: readonly T[];
}

export interface TiterPlan extends Series<number | string> {
  assayId: number;
  /** Only clinic days from `fromAgo` down to `toAgo` (inclusive) get this titer. */
  fromAgo?: number;
  toAgo?: number;
}

export interface FollowUpPlan {
  /** First and last clinic day (days ago) and the gap between clinic days. */
  from: number;
  to: number;
  gap: readonly [min: number, max: number];
  titers?: readonly TiterPlan[];
  ck: Series & { siteDefault?: boolean };
  /** Unilateral MMT-8 total; every `partialEvery`-th exam (never the last three) is partial. */
  mmt: Series & { partialEvery?: number };
  /** Extramuscular activity VAS (0-10) keyframes. */
  em: readonly Key[];
  /** Findings present at every visit (e.g. interstitial lung disease). */
  findings?: readonly Finding[];
  firstNote?: string;
  lastNote?: string;
}

const clamp = (lo: number, hi: number, n: number) => Math.min(hi, Math.max(lo, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Value of the keyframes at `ago` (log-linear or linear between them, flat outside). */
export function curve(keys: readonly Key[], ago: number, log: boolean): number {
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (!first || !last) throw new Error('curve: no keyframes');
  if (ago >= first[0]) return first[1];
  if (ago <= last[0]) return last[1];
  for (let i = 1; i < keys.length; i += 1) {
    const [a0, v0] = keys[i - 1] as Key;
    const [a1, v1] = keys[i] as Key;
    if (ago <= a0 && ago >= a1) {
      const f = (a0 - ago) / (a0 - a1);
      return log ? Math.exp(Math.log(v0) + f * (Math.log(v1) - Math.log(v0))) : v0 + f * (v1 - v0);
    }
  }
  return last[1];
}

/** Clinic days from `from` to `to` days ago (both included), `gap` days apart. */
export function schedule(rng: Rng, from: number, to: number, [min, max]: readonly [number, number]): number[] {
  const days = [from];
  let ago = from;
  while (ago - to > max) {
    const remaining = ago - to;
    ago -= remaining < max + min ? Math.round(remaining / 2) : rng.int(min, max);
    days.push(ago);
  }
  if (days[days.length - 1] !== to) days.push(to);
  return days;
}

/** Values of a series on the given days: curve x noise, then the pinned head and tail. */
export function seriesOn<T extends number | string>(rng: Rng, agos: readonly number[], s: Series<T>, log: boolean): (number | T)[] {
  const out: (number | T)[] = agos.map((ago) => {
    const base = curve(s.keys, ago, log);
    const noisy = log ? base * Math.exp((s.noise ?? 0) * rng.normal()) : base + (s.noise ?? 0) * rng.normal();
    return Math.round(Math.max(noisy, s.min ?? 0));
  });
  (s.head ?? []).forEach((v, i) => { if (i < out.length) out[i] = v; });
  const tail = s.tail ?? [];
  tail.forEach((v, i) => { const at = out.length - tail.length + i; if (at >= 0) out[at] = v; });
  return out;
}

/** Which groups give way first in a proximal myopathy (neck flexors, shoulder and hip girdle). */
const WEAKNESS: Record<MmtGroupKey, number> = {
  neck_flexors: 3, deltoid: 2.5, biceps: 1.2, wrist_extensors: 0.6, gluteus_maximus: 2, gluteus_medius: 2.5, quadriceps: 1.4, ankle_dorsiflexors: 0.5,
};

/** Kendall grades (0-10) of the 8 groups summing exactly to `total`. */
export function mmtGrades(rng: Rng, total: number): Record<MmtGroupKey, number> {
  const grades = Object.fromEntries(MMT_GROUP_KEYS.map((k) => [k, 10])) as Record<MmtGroupKey, number>;
  for (let deficit = 80 - clamp(24, 80, total); deficit > 0; deficit -= 1) {
    let best: MmtGroupKey = 'neck_flexors';
    let bestScore = -1;
    for (const k of MMT_GROUP_KEYS) {
      if (grades[k] <= 3) continue;
      const score = (WEAKNESS[k] * (0.8 + 0.4 * rng.next())) / (11 - grades[k]);
      if (score > bestScore) [best, bestScore] = [k, score];
    }
    grades[best] -= 1;
  }
  return grades;
}

/** Writes the whole follow-up into the story. */
export function followUp(story: Story, rng: Rng, plan: FollowUpPlan): void {
  const days = schedule(rng, plan.from, plan.to, plan.gap);
  const sex = story.info.sex;
  const limits: CkLimits = plan.ck.siteDefault ? null : sex === 'female' ? { lower: 26, upper: 192 } : { lower: 39, upper: 308 };
  const uln = limits?.upper ?? (sex === 'female' ? 207 : 395);
  const ck = seriesOn(rng, days, plan.ck, true);
  const mmt = seriesOn(rng, days, plan.mmt, false).map((t) => clamp(24, 80, t));

  for (const t of plan.titers ?? []) {
    const on = days.filter((d) => d <= (t.fromAgo ?? Infinity) && d >= (t.toAgo ?? 0));
    seriesOn(rng, on, t, true).forEach((v, i) => story.titer(on[i] as number, t.assayId, v));
  }

  days.forEach((ago, i) => {
    const ckValue = ck[i] as number;
    const total = mmt[i] as number;
    story.ck(ago, ckValue, limits);
    const em = round1(clamp(0, 10, curve(plan.em, ago, false) + 0.3 * rng.normal()));
    const muscle = clamp(0, 1, (80 - total) / 30);
    const enzyme = clamp(0, 1, Math.log10(Math.max(ckValue / uln, 1)) / 1.6);
    const activity = 0.6 * muscle + 0.4 * enzyme;
    const grades: Record<string, number> = mmtGrades(rng, total);
    const every = plan.mmt.partialEvery;
    let note = i === 0 ? plan.firstNote : i === days.length - 1 ? plan.lastNote : undefined;
    if (every && i % every === every - 1 && i < days.length - 3) {
      const skipped: MmtGroupKey = rng.chance(0.5) ? 'neck_flexors' : 'ankle_dorsiflexors';
      delete grades[skipped];
      note = skipped === 'neck_flexors' ? 'Neck flexors not tested (neck pain after a fall).' : 'Ankle dorsiflexors not tested (ankle sprain, in a brace).';
    }
    const findings = new Set<Finding>(plan.findings ?? []);
    if (total < 76) findings.add('weakness');
    if (em >= 1.5) findings.add('rash');
    if (total < 60) findings.add('dysphagia');
    story.visit(ago, {
      grades,
      physicianGlobal: round1(clamp(0, 10, 0.3 + 7 * activity + 0.3 * em + 0.3 * rng.normal())),
      patientGlobal: round1(clamp(0, 10, 0.8 + 6 * activity + 0.35 * em + 0.6 * rng.normal())),
      haq: clamp(0, 3, Math.round((0.1 + 2.2 * muscle + 0.1 * rng.normal()) * 8) / 8),
      extramuscular: em,
      findings: [...findings],
      notes: note,
    });
  });
}
