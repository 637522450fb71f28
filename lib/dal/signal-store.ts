import 'server-only';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { patientSignals, patientSummaries, settings } from '@/db/schema';
import { patientSnapshot } from '../domain/summary';
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, validateSignalSettings, type Signal, type SignalLevel, type SignalSettings } from '../domain/signals';
import { today } from './clinical-guards';
import { loadPatientClinicalData } from './patient-data';
import type { Tx } from './tx';

export const SIGNAL_SETTINGS_KEY = 'signal-settings';

/** Sort key stored with each signal so the worklist orders by importance with an index. */
export const LEVEL_RANK: Record<SignalLevel, number> = { action: 0, warning: 1, info: 2 };

/** The site's signal thresholds (defaults from docs/domain.md section 7). */
export function readSignalSettings(tx: Pick<Tx, 'select'>): SignalSettings {
  const row = tx.select().from(settings).where(eq(settings.key, SIGNAL_SETTINGS_KEY)).get();
  if (!row) return { ...DEFAULT_SIGNAL_SETTINGS };
  const checked = validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ...(JSON.parse(row.valueJson) as object) });
  return checked.ok ? checked.settings : { ...DEFAULT_SIGNAL_SETTINGS };
}

/** Identifies what fired a signal: an acknowledgement holds while this stays the same. */
export function signalFingerprint(s: Pick<Signal, 'code' | 'analyte' | 'resultIds'>): string {
  return createHash('sha256').update(JSON.stringify([s.code, s.analyte ?? null, s.resultIds])).digest('hex').slice(0, 32);
}

/**
 * Recomputes and stores one patient's signals (and worklist summary) as of today. Called inside the write
 * transaction of every change to that patient, so stored signals never lag the data.
 */
export function recomputePatientSignals(tx: Tx, patientId: number, signalSettings = readSignalSettings(tx)): Signal[] {
  const data = loadPatientClinicalData(tx, patientId);
  const signals = computeSignals(data, today(), signalSettings);
  tx.delete(patientSignals).where(eq(patientSignals.patientId, patientId)).run();
  const computedAt = new Date().toISOString();
  for (const s of signals) {
    tx.insert(patientSignals).values({
      patientId, code: s.code, level: s.level, levelRank: LEVEL_RANK[s.level], analyte: s.analyte ?? null, since: s.since,
      explanation: s.explanation, resultIdsJson: JSON.stringify(s.resultIds), evidenceJson: JSON.stringify(s.evidence),
      fingerprint: signalFingerprint(s), computedAt,
    }).run();
  }
  const snapshot = patientSnapshot(data);
  const summary = {
    topLevelRank: signals.length ? Math.min(...signals.map((s) => LEVEL_RANK[s.level])) : 9,
    signalCodes: signals.map((s) => s.code).join(' '),
    latestSignalSince: signals.length ? signals.map((s) => s.since).sort().at(-1)! : null,
    snapshotJson: JSON.stringify(snapshot),
    lastTiterOn: snapshot.titer?.on ?? null,
    updatedAt: computedAt,
  };
  tx.insert(patientSummaries).values({ patientId, ...summary }).onConflictDoUpdate({ target: patientSummaries.patientId, set: summary }).run();
  return signals;
}
