/**
 * One demo patient's history as a list of dated events, each written later through
 * the product's own DAL (labs as the demo nurse, visits and drugs as the demo
 * physician), so every row is validated and audited like real use.
 *
 * Every date is given as "days before today" (`ago`), so the cohort keeps the same
 * shape - and fires the same signals - whatever day the demo is created.
 */
import type { Actor } from '../../lib/dal/actor';
import { recordAntibodyResult } from '../../lib/dal/antibody-results';
import { recordEnzymeResult } from '../../lib/dal/enzyme-results';
import { changeDose, startMedication, stopMedication } from '../../lib/dal/medications';
import { recordVisit } from '../../lib/dal/visits';
import { addDays } from '../../lib/domain/dates';
import { DRUG_CATALOG, type ChangeReason } from '../../lib/domain/medications';
import type { QualitativeCategory } from '../../lib/domain/types';
import type { z } from 'zod';
import type { antibodyResultSchema, enzymeResultSchema } from '../../lib/validation/labs';
import type { doseChangeSchema, DOSE_UNITS, epochSchema, ROUTES, stopSchema } from '../../lib/validation/medications';
import type { Finding } from '../../lib/validation/visits';
import { createRng, type Rng } from './prng';

export type DiagnosisGroup = 'mi2-pos-dm' | 'mi2-neg-dm' | 'antisynthetase' | 'imnm';

export interface PatientInfo {
  mrn: string;
  familyName: string;
  givenName: string;
  /** Fixed (1950-2000); every clinical date is relative to today and years later. */
  birthDate: string;
  sex: 'female' | 'male';
  diagnosisGroup: DiagnosisGroup;
  onsetAgo: number;
  diagnosisAgo: number;
  notes: string;
}

export interface SeedActors {
  physician: Actor;
  nurse: Actor;
}

export interface StoryContext extends SeedActors {
  patientId: number;
  /** Ongoing epoch id per drug key (changeDose and stopMedication need it). */
  epochs: Map<string, number>;
}

interface StoryEvent {
  on: string;
  /** Same-day order: labs, then the visit, then the drug changes decided at it. */
  rank: number;
  seq: number;
  run: (ctx: StoryContext) => void;
}

/** A lab's CK reference range in U/L; null = none on the report (site default by sex). */
export type CkLimits = { lower: number; upper: number } | null;

export interface VisitPlan {
  grades: Record<string, number>;
  physicianGlobal: number;
  patientGlobal: number;
  haq: number;
  extramuscular: number;
  findings: readonly Finding[];
  notes?: string;
}

/** A dose from a day on: [days ago, dose] or [days ago, dose, frequency]. */
export type Step = readonly [ago: number, dose: number, frequency?: string];

type DoseUnit = (typeof DOSE_UNITS)[number];
type Route = (typeof ROUTES)[number];

export interface DrugOptions {
  unit?: DoseUnit;
  route?: Route;
  frequency?: string;
  startReason?: ChangeReason;
  /** Last day taken (days ago); absent = still taking it today. */
  stopAgo?: number;
  endReason?: ChangeReason;
}

export class Story {
  readonly events: StoryEvent[] = [];

  constructor(
    readonly today: string,
    readonly info: PatientInfo,
  ) {}

  date(ago: number): string {
    if (!Number.isInteger(ago) || ago < 0) throw new RangeError(`${this.info.mrn}: "days ago" must be a whole number >= 0, got ${ago}`);
    return addDays(this.today, -ago);
  }

  private push(ago: number, rank: number, run: (ctx: StoryContext) => void): void {
    this.events.push({ on: this.date(ago), rank, seq: this.events.length, run });
  }

  /** An anti-Mi2 result read with the assay's own limits; "<5" is a censored value. */
  titer(ago: number, assayId: number, reported: number | string): void {
    const censored = typeof reported === 'string' && reported.startsWith('<');
    const value = censored ? Number(reported.slice(1)) : Number(reported);
    this.push(ago, 0, (ctx) => {
      recordAntibodyResult(ctx.nurse, ctx.patientId, { assayId, collectedOn: this.date(ago), value, comparator: censored ? '<' : '', cutoff: null } satisfies z.input<typeof antibodyResultSchema>);
    });
  }

  qualitative(ago: number, assayId: number, category: QualitativeCategory): void {
    this.push(ago, 0, (ctx) => recordAntibodyResult(ctx.nurse, ctx.patientId, { assayId, collectedOn: this.date(ago), value: null, qualitative: category, cutoff: null } satisfies z.input<typeof antibodyResultSchema>));
  }

  ck(ago: number, value: number, limits: CkLimits): void {
    this.push(ago, 0, (ctx) => {
      recordEnzymeResult(ctx.nurse, ctx.patientId, {
        analyte: 'ck', collectedOn: this.date(ago), value, unit: 'U/L', lowerLimit: limits?.lower ?? null, upperLimit: limits?.upper ?? null,
      } satisfies z.input<typeof enzymeResultSchema>);
    });
  }

  visit(ago: number, plan: VisitPlan): void {
    const form: Record<string, unknown> = {
      visitOn: this.date(ago), mmtVersion: 'unilateral', physicianGlobal: plan.physicianGlobal, patientGlobal: plan.patientGlobal,
      haq: plan.haq, extramuscular: plan.extramuscular, notes: plan.notes ?? '',
    };
    for (const [key, grade] of Object.entries(plan.grades)) form[`mmt_${key}`] = grade;
    for (const f of plan.findings) form[`finding_${f}`] = true;
    this.push(ago, 1, (ctx) => recordVisit(ctx.physician, ctx.patientId, form));
  }

  /**
   * A course of one drug: started at the first step, each later step a dose change
   * (tapered when lower, increased when higher), optionally stopped.
   */
  drug(key: string, steps: readonly Step[], opts: DrugOptions = {}): void {
    const info = DRUG_CATALOG.find((d) => d.key === key);
    if (!info || info.key === 'other') throw new Error(`Unknown catalog drug "${key}"`);
    // Catalog defaults are form prefills (plain strings); the DAL validates them like any input.
    const unit = opts.unit ?? (info.defaultUnit as DoseUnit);
    const route = opts.route ?? (info.defaultRoute as Route);
    steps.forEach(([ago, dose, freq], i) => {
      const frequency = freq ?? opts.frequency ?? info.defaultFrequency;
      const previous = steps[i - 1];
      if (previous && previous[0] <= ago) throw new Error(`${this.info.mrn} ${key}: steps must move forward in time`);
      const dose_ = { dose, doseUnit: unit, route, frequency, startOn: this.date(ago) };
      if (!previous) {
        this.push(ago, 2, (ctx) => {
          const input = { drug: key, ...dose_, startReason: opts.startReason ?? 'started' } satisfies z.input<typeof epochSchema>;
          ctx.epochs.set(key, startMedication(ctx.physician, ctx.patientId, input).id);
        });
        return;
      }
      const reason: ChangeReason = dose < previous[1] ? 'tapered' : dose > previous[1] ? 'increased' : 'other';
      this.push(ago, 2, (ctx) => {
        ctx.epochs.set(key, changeDose(ctx.physician, ctx.patientId, epochOf(ctx, key), { ...dose_, reason } satisfies z.input<typeof doseChangeSchema>).started.id);
      });
    });
    const stopAgo = opts.stopAgo;
    if (stopAgo === undefined) return;
    const last = steps[steps.length - 1];
    if (last && stopAgo > last[0]) throw new Error(`${this.info.mrn} ${key}: stop before the last dose started`);
    this.push(stopAgo, 2, (ctx) => {
      stopMedication(ctx.physician, ctx.patientId, epochOf(ctx, key), { endOn: this.date(stopAgo), endReason: opts.endReason ?? 'stopped' } satisfies z.input<typeof stopSchema>);
      ctx.epochs.delete(key);
    });
  }

  /** Events in the order a clinic would have entered them. */
  ordered(): StoryEvent[] {
    return [...this.events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.rank - b.rank || a.seq - b.seq));
  }
}

function epochOf(ctx: StoryContext, key: string): number {
  const id = ctx.epochs.get(key);
  if (id === undefined) throw new Error(`No ongoing ${key} epoch for patient ${ctx.patientId}`);
  return id;
}

/** A patient's story and its own random stream (seeded by the MRN, so patients are independent). */
export function newStory(today: string, info: PatientInfo): [Story, Rng] {
  return [new Story(today, info), createRng(`titerline-demo:${info.mrn}`)];
}

/**
 * A taper from `startAgo`: each [dose, days held] follows the one before. Returns
 * the steps and the last day the final dose was taken (for a stop).
 */
export function taper(startAgo: number, plan: readonly (readonly [dose: number, days: number])[]): { steps: Step[]; lastAgo: number } {
  const steps: Step[] = [];
  let ago = startAgo;
  for (const [dose, days] of plan) {
    steps.push([ago, dose]);
    ago -= days;
  }
  return { steps, lastAgo: ago + 1 };
}

/** A common prednisone taper from 60 mg/day: [dose, days held]; the last entries are for the caller. */
export const PREDNISONE_60_TO_10: readonly (readonly [number, number])[] = [
  [60, 42], [50, 28], [40, 28], [30, 28], [25, 42], [20, 56], [17.5, 56], [15, 56], [12.5, 84], [10, 120],
];
