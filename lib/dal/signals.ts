import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { patients, patientSignals, settings, signalAcknowledgements } from '@/db/schema';
import { describeRules, validateSignalSettings, type SignalSettings } from '../domain/signals';
import { can } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { idSchema } from '../validation/common';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { loadPatient } from './clinical-guards';
import { readSignalSettings, recomputePatientSignals, refreshSummaryRank, SIGNAL_SETTINGS_KEY } from './signal-store';
import { writeTx, type Tx } from './tx';
import { recordFullRecompute } from '../ops/timings';

const ackSchema = z.object({
  signalId: idSchema('signal'),
  note: z.string({ error: 'A note is required.' }).trim().min(3, 'Write a short note (at least 3 characters), e.g. "discussed at clinic, continue".').max(1000, 'The note must be at most 1000 characters.'),
});

/**
 * A physician acknowledges a stored signal with a note. The acknowledgement is bound
 * to the signal's fingerprint (code + the results that fired it), so new data that
 * changes the picture makes the signal show as new again.
 */
export function acknowledgeSignal(actor: Actor, patientId: number, input: unknown): void {
  // An acknowledgement is a clinician's judgement: integrations (API tokens) cannot give one.
  const userId = actor.userId;
  if (!can(actor, 'signal:acknowledge') || userId === null) throw forbidden({ actor, permission: 'signal:acknowledge' });
  const data = parseOrThrow(ackSchema, input);
  writeTx((tx) => {
    loadPatient(tx, patientId);
    const s = tx.select().from(patientSignals).where(and(eq(patientSignals.id, data.signalId), eq(patientSignals.patientId, patientId))).get();
    if (!s) throw notFound('Signal (it may have changed since the page was loaded; reload to see the current signals)');
    const at = new Date().toISOString();
    tx.insert(signalAcknowledgements).values({ patientId, code: s.code, fingerprint: s.fingerprint, note: data.note, userId, at }).run();
    appendAudit(tx, actor, { action: 'signal.acknowledge', entity: 'signal', entityId: s.id, patientId, after: { code: s.code, since: s.since, fingerprint: s.fingerprint, note: data.note } });
    // The worklist sorts and filters on the summary: a fully handled patient moves after those needing attention.
    refreshSummaryRank(patientId);
  });
}

/** Current thresholds (everyone who can view patients may read them: the explanation page uses them). */
export function getSignalSettings(actor: Actor): SignalSettings {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return readSignalSettings(getDb());
}

export function signalRulesForDisplay(actor: Actor) {
  return describeRules(getSignalSettings(actor));
}

/** Recomputes every live patient in the caller's transaction; returns the count. */
export function recomputeAllPatients(tx: Tx): number {
  const started = process.hrtime.bigint();
  const ids = tx.select({ id: patients.id }).from(patients).where(eq(patients.enteredInError, false)).all();
  const current = readSignalSettings(tx);
  for (const { id } of ids) recomputePatientSignals(tx, id, current);
  recordFullRecompute(started, ids.length);
  return ids.length;
}

/**
 * Changes the site's signal thresholds (admins): validated, audited with before and
 * after, and every patient's signals recomputed in the same transaction.
 */
export function updateSignalSettings(actor: Actor, input: Record<string, unknown>): { settings: SignalSettings; recomputed: number } {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const asNumber = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  const candidate: Record<string, unknown> = {};
  const given = input.drugCoverageDays;
  const coverage: Record<string, unknown> = typeof given === 'object' && given !== null ? { ...given } : {};
  for (const [k, v] of Object.entries(input)) {
    // Form fields "coverage.<drug>" carry the per-drug coverage of pulse therapies.
    if (k.startsWith('coverage.')) coverage[k.slice('coverage.'.length)] = asNumber(v);
    else if (k !== 'drugCoverageDays') candidate[k] = asNumber(v);
  }
  candidate.drugCoverageDays = coverage;
  const checked = validateSignalSettings(candidate);
  if (!checked.ok) {
    const errors = Object.fromEntries(checked.issues.map((i) => [i.field, [i.message]]));
    throw invalid(checked.issues.length > 1 ? 'Please correct the highlighted settings.' : checked.issues[0]!.message, errors);
  }
  return writeTx((tx) => {
    const before = readSignalSettings(tx);
    const at = new Date().toISOString();
    const value = JSON.stringify(checked.settings);
    tx.insert(settings).values({ key: SIGNAL_SETTINGS_KEY, valueJson: value, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at, updatedBy: actor.userId } }).run();
    appendAudit(tx, actor, { action: 'settings.signals', entity: 'settings', entityId: SIGNAL_SETTINGS_KEY, before, after: checked.settings });
    return { settings: checked.settings, recomputed: recomputeAllPatients(tx) };
  });
}
