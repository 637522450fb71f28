/**
 * What keeps the possible signal to discuss tapering from being shown
 * (docs/clinical/signals.md, "taper-discussion", and docs/safety/hazard-log.md). Each
 * blocker is one plain sentence with its dates, and the results behind it.
 *
 * Blocks: any anti-Mi2 analyte whose latest result is borderline, positive,
 * unclassifiable or a same-day conflict; an active re-rise; a same-day conflict after
 * the analyte's last positive result; a latest negative titer older than
 * `taperTiterMaxAgeMonths`; missing, old or above-limit muscle enzymes; a missing, old
 * or weak MMT-8, or a later exam that proves weakness.
 */
import { ANTIBODY_CLASS_LABELS, classifyAntibody, isPositiveClass } from '../antibody';
import { addMonths } from '../dates';
import { QUALITATIVE_CATEGORIES, type Analyte, type AntibodyClass } from '../types';
import { analyteLabel, describeTiter, num, titerOn } from './format';
import { isNearFull, latestEnzyme, type PreparedData, type TiterPoint } from './prepare';
import { idsOf } from './series';
import { enzymeText, isHigh, mmtText, quiescenceFindings } from './quiescence';
import type { NegativeRun } from './normalization';
import type { Signal, SignalResultIds, SignalSettings } from './types';

export interface Blocker {
  text: string;
  ids: Partial<SignalResultIds>;
}

/**
 * "Mi-2beta results on 2024-04-01 disagree: 10 units (cut-off 20) by ELISA B, negative;
 * 14 units (cut-off 5) by Line blot A, positive". Listed by class, then assay, then value,
 * never by entry order.
 */
export function conflictText(analyte: Analyte, point: TiterPoint): string {
  const read = point.results.map((r) => ({ r, cls: classifyAntibody(r) }));
  const rank = (c: AntibodyClass | null) => (c === null ? 9 : QUALITATIVE_CATEGORIES.indexOf(c));
  read.sort((a, b) => rank(a.cls) - rank(b.cls) || a.r.assayId - b.r.assayId || (a.r.value ?? -1) - (b.r.value ?? -1));
  const parts = read.map(({ r, cls }) => {
    const p: TiterPoint = { result: r, results: [r], date: point.date, cls, level: null, conflict: false };
    return `${describeTiter(p)} by ${r.assayLabel}, ${cls === null ? 'unclassified' : ANTIBODY_CLASS_LABELS[cls].toLowerCase()}`;
  });
  return `${analyteLabel(analyte)} results on ${point.date} disagree: ${parts.join('; ')}`;
}

function latestResultBlocker(analyte: Analyte, points: readonly TiterPoint[]): Blocker | null {
  const last = points[points.length - 1];
  if (!last || last.cls === 'negative') return null;
  const ids = { antibody: idsOf([last]) };
  if (last.conflict) return { text: `${conflictText(analyte, last)}.`, ids };
  if (last.cls === null) return { text: `The latest ${analyteLabel(analyte)} result (${titerOn(last)}) cannot be classified as negative or positive.`, ids };
  return { text: `The latest ${analyteLabel(analyte)} result, ${titerOn(last)}, is ${ANTIBODY_CLASS_LABELS[last.cls].toLowerCase()}.`, ids };
}

/** A conflict day after the analyte's last clear positive that is not its latest day. */
function earlierConflictBlocker(analyte: Analyte, points: readonly TiterPoint[]): Blocker | null {
  let lastPositive = -1;
  points.forEach((p, i) => {
    if (p.cls !== null && isPositiveClass(p.cls)) lastPositive = i;
  });
  const conflict = points.slice(lastPositive + 1, -1).reverse().find((p) => p.conflict);
  if (!conflict) return null;
  return { text: `${conflictText(analyte, conflict)}; not resolved (correct or mark one of them entered in error).`, ids: { antibody: idsOf([conflict]) } };
}

function titerBlockers(data: PreparedData, rerise: readonly Signal[]): Blocker[] {
  const out: Blocker[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const latest = latestResultBlocker(analyte, points);
    if (latest) out.push(latest);
    const earlier = earlierConflictBlocker(analyte, points);
    if (earlier) out.push(earlier);
  }
  for (const s of rerise) {
    out.push({ text: `Titer re-rise since ${s.since}: ${s.explanation}`, ids: { antibody: s.resultIds.antibody } });
  }
  return out;
}

function staleTiterBlocker(data: PreparedData, runs: readonly NegativeRun[], settings: SignalSettings): Blocker | null {
  const latest = runs.map((r) => r.sameAssay[r.sameAssay.length - 1] as TiterPoint).sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  if (!latest || addMonths(latest.date, settings.taperTiterMaxAgeMonths) >= data.asOf) return null;
  return {
    text: `The latest negative titer (${titerOn(latest)}) is more than ${settings.taperTiterMaxAgeMonths} months old.`,
    ids: { antibody: idsOf([latest]) },
  };
}

function clinicalBlockers(data: PreparedData, settings: SignalSettings): Blocker[] {
  const f = quiescenceFindings(data, settings);
  const out: Blocker[] = [];
  const lastCk = latestEnzyme(data.enzymes.get('ck'));
  if (!f.ck) {
    const ever = lastCk ? `the latest is from ${lastCk.collectedOn}` : 'none is recorded';
    out.push({ text: `No CK in the last ${settings.enzymeWindowMonths} months (since ${f.enzymeFrom}); ${ever}.`, ids: { enzyme: lastCk ? [lastCk.id] : [] } });
  }
  for (const e of f.enzymes.filter(isHigh)) out.push({ text: `${enzymeText(e)} is above its upper limit.`, ids: { enzyme: [e.id] } });
  const lastComplete = data.completeMmts.at(-1);
  if (!f.exam) {
    const ever = lastComplete ? `latest complete exam on ${lastComplete.date}` : 'none recorded';
    out.push({ text: `No complete MMT-8 in the last ${settings.mmtWindowMonths} months, since ${f.mmtFrom} (${ever}).`, ids: { visit: lastComplete ? [lastComplete.visit.id] : [] } });
  } else if (!isNearFull(f.exam, settings.mmtFraction)) {
    out.push({ text: `${mmtText(f.exam)} is below ${num(settings.mmtFraction * 100, 1)}% of full strength.`, ids: { visit: [f.exam.visit.id] } });
  }
  for (const x of f.weaker) {
    const kind = x.complete ? 'exam' : 'partial exam';
    out.push({
      text: `A ${kind} on ${x.date} totals at most ${x.bestPossible}/${x.max}, below ${num(settings.mmtFraction * 100, 1)}% of full strength.`,
      ids: { visit: [x.visit.id] },
    });
  }
  return out;
}

/** Every reason the tapering signal is not shown, in reading order (titers, then muscle). */
export function taperBlockers(data: PreparedData, settings: SignalSettings, runs: readonly NegativeRun[], rerise: readonly Signal[]): Blocker[] {
  const stale = staleTiterBlocker(data, runs, settings);
  return [...titerBlockers(data, rerise), ...(stale ? [stale] : []), ...clinicalBlockers(data, settings)];
}
