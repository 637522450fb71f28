import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { assays, type Assay } from '@/db/schema';
import { TITER_UNIT, validateAssayLimits, validateMeasuringRange } from '../domain/antibody';
import { can } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { assaySchema, type AssayInput } from '../validation/labs';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { preparedPerConnection } from './prepared';
import { invalidateTimelinesOfAssay } from './timeline-store';
import { writeTx } from './tx';

/** Limits must make sense: a quantitative assay needs a cut-off above 0 (no division by zero later). */
function checkLimits(a: AssayInput): void {
  if (a.qualitativeOnly) {
    if (a.measuringMax !== null) throw invalid('An assay that reports a category only has no measuring range.', { measuringMax: ['Leave the measuring range empty for an assay that reports a category only.'] });
    return;
  }
  const limits = { cutoff: a.cutoff, positiveFrom: a.positiveFrom, strongAbove: a.strongAbove };
  const problems = validateAssayLimits(limits, { requireCutoff: true });
  if (problems.length) throw invalid(problems[0]!, { cutoff: problems });
  if (a.cutoffDilutionPositive && a.unit !== TITER_UNIT) {
    throw invalid('Only a dilution titer (unit {titer}) can count its cut-off dilution as positive.', { cutoffDilutionPositive: ['Only for dilution titers (unit {titer}).'] });
  }
  if (a.cutoffDilutionPositive && a.positiveFrom !== null && a.positiveFrom !== a.cutoff) {
    throw invalid('When the cut-off dilution is positive there is no borderline zone: leave "Positive from" empty or equal to the cut-off.', { positiveFrom: ['Leave empty, or equal to the cut-off.'] });
  }
  const range = validateMeasuringRange(limits, a.measuringMax);
  if (range.length) throw invalid(range[0]!, { measuringMax: range });
}

/** The catalog, active first (anyone who can view patients reads it for forms). */
// Prepared once per connection: every view of a patient's results tab lists the catalog (lib/dal/prepared.ts).
const listStatement = preparedPerConnection((db) => db.select().from(assays).orderBy(asc(assays.analyte), asc(assays.name)).prepare());

export function listAssays(actor: Actor, opts: { activeOnly?: boolean } = {}): Assay[] {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const rows = listStatement().all();
  return opts.activeOnly ? rows.filter((a) => a.active) : rows;
}

export function createAssay(actor: Actor, input: unknown): Assay {
  if (!can(actor, 'assay:manage')) throw forbidden({ actor, permission: 'assay:manage' });
  const data = parseOrThrow(assaySchema, input);
  checkLimits(data);
  return writeTx((tx) => {
    const now = new Date().toISOString();
    const row = tx.insert(assays).values({ ...data, createdAt: now, updatedAt: now }).returning().get();
    appendAudit(tx, actor, { action: 'assay.create', entity: 'assay', entityId: row.id, after: row });
    return row;
  });
}

/**
 * Edits a catalog entry. Results keep the cut-off they were read with (snapshotted),
 * so a change here affects only results entered afterwards. The name and lab are not
 * snapshotted: they label every result of the assay, so the stored timelines of the
 * patients with such results are dropped in the same transaction and rebuild, with the
 * new label, on their next view (the results tab and the flowsheet agree the same day).
 */
export function updateAssay(actor: Actor, id: number, input: unknown): Assay {
  if (!can(actor, 'assay:manage')) throw forbidden({ actor, permission: 'assay:manage' });
  const data = parseOrThrow(assaySchema, input);
  checkLimits(data);
  return writeTx((tx) => {
    const before = tx.select().from(assays).where(eq(assays.id, id)).get();
    if (!before) throw notFound('Assay');
    const after = tx.update(assays).set({ ...data, updatedAt: new Date().toISOString() }).where(eq(assays.id, id)).returning().get();
    invalidateTimelinesOfAssay(tx, id);
    appendAudit(tx, actor, { action: 'assay.update', entity: 'assay', entityId: id, before, after });
    return after;
  });
}

/** Deactivated assays stay on old results but cannot take new ones. */
export function setAssayActive(actor: Actor, id: number, active: boolean): Assay {
  if (!can(actor, 'assay:manage')) throw forbidden({ actor, permission: 'assay:manage' });
  return writeTx((tx) => {
    const before = tx.select().from(assays).where(eq(assays.id, id)).get();
    if (!before) throw notFound('Assay');
    const after = tx.update(assays).set({ active, updatedAt: new Date().toISOString() }).where(eq(assays.id, id)).returning().get();
    appendAudit(tx, actor, { action: active ? 'assay.activate' : 'assay.deactivate', entity: 'assay', entityId: id, before, after });
    return after;
  });
}
