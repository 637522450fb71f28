/**
 * `discordance` (info), patient level (docs/clinical/signals.md): titer and muscle
 * disagree "at the same time".
 *
 * Decisions:
 * - "The titer" = the latest result of each analyte dated within discordanceWindowDays
 *   before the latest anti-Mi2 result
 *   (a same-day conflict has no class: it is neither negative nor strong) (so a Mi-2alpha and Mi-2beta band reported
 *   together are read together, and an old result of another analyte is ignored).
 * - "Same time" = within discordanceWindowDays of that latest titer, either side, for both
 *   the latest CK and the latest COMPLETE MMT-8 (each ignored when outside).
 * - Negative direction: every analyte in the titer is negative (borderline is not
 *   negative) while the CK is above its ULN or the MMT-8 is below mmtFraction.
 * - Reverse direction: some analyte is strong while the CK is <= ULN AND the MMT-8
 *   is >= mmtFraction (both must be known; "full strength" uses the same
 *   near-full threshold as clinical-quiescence).
 * - `since` = the latest date among the results involved.
 */
import { daysBetween } from '../dates';
import type { Analyte } from '../types';
import { analyteLabel, describeTiter, latestDate, resultIds } from './format';
import { PINAL_FERNANDEZ_2019 } from './evidence';
import { isNearFull, latestEnzyme, type PreparedData, type TiterPoint } from './prepare';
import { idsOf } from './series';
import { enzymeText, mmtText } from './quiescence';
import { SIGNAL_LEVEL } from './levels';
import type { Signal, SignalSettings } from './types';

function currentTiter(data: PreparedData, windowDays: number): TiterPoint[] {
  const latest = data.titers[data.titers.length - 1];
  if (!latest) return [];
  const current: TiterPoint[] = [];
  const analytes: Analyte[] = [...data.byAnalyte.keys()];
  for (const analyte of analytes) {
    const points = data.byAnalyte.get(analyte) ?? [];
    const last = points[points.length - 1];
    if (last && daysBetween(last.date, latest.date) <= windowDays) current.push(last);
  }
  return current;
}

function titerText(points: readonly TiterPoint[]): string {
  return points.map((p) => `${analyteLabel(p.result.analyte)} ${describeTiter(p)} on ${p.date}`).join(' and ');
}

export function discordanceSignal(data: PreparedData, settings: SignalSettings): Signal | null {
  const titer = currentTiter(data, settings.discordanceWindowDays);
  const latest = data.titers[data.titers.length - 1];
  if (!latest || titer.length === 0) return null;
  const lastCk = latestEnzyme(data.enzymes.get('ck'));
  const ck = lastCk && Math.abs(daysBetween(latest.date, lastCk.collectedOn)) <= settings.discordanceWindowDays ? lastCk : undefined;
  const lastExam = data.completeMmts[data.completeMmts.length - 1];
  const exam = lastExam && Math.abs(daysBetween(latest.date, lastExam.date)) <= settings.discordanceWindowDays ? lastExam : undefined;

  const allNegative = titer.every((p) => p.cls === 'negative');
  const strong = titer.filter((p) => p.cls === 'strong');
  const ckHigh = ck !== undefined && ck.valueUL > ck.upperLimitUL;
  const weak = exam !== undefined && !isNearFull(exam, settings.mmtFraction);

  let parts: string[];
  let muscle: { ck?: typeof ck; exam?: typeof exam };
  let titerUsed: TiterPoint[];
  if (allNegative && (ckHigh || weak)) {
    muscle = { ck: ckHigh ? ck : undefined, exam: weak ? exam : undefined };
    titerUsed = titer;
    parts = [`${titerText(titer)}: negative`];
    if (ckHigh && ck) parts.push(`but ${enzymeText(ck)} is above the upper limit`);
    if (weak && exam) parts.push(`${ckHigh ? 'and' : 'but'} ${mmtText(exam)} is below near-full strength`);
  } else if (strong.length > 0 && ck && !ckHigh && exam && !weak) {
    muscle = { ck, exam };
    titerUsed = strong;
    parts = [`${titerText(strong)}: strong positive`, `but ${enzymeText(ck)} is normal and ${mmtText(exam)} is near-full strength`];
  } else {
    return null;
  }
  const dates = [...titerUsed.map((p) => p.date), ...(muscle.ck ? [muscle.ck.collectedOn] : []), ...(muscle.exam ? [muscle.exam.date] : [])];
  return {
    code: 'discordance',
    level: SIGNAL_LEVEL['discordance'],
    since: latestDate(...dates),
    resultIds: resultIds({
      antibody: idsOf(titerUsed),
      enzyme: muscle.ck ? [muscle.ck.id] : [],
      visit: muscle.exam ? [muscle.exam.visit.id] : [],
    }),
    explanation: `${parts.join(' ')}; titer and muscle findings disagree.`,
    evidence: PINAL_FERNANDEZ_2019,
  };
}
