import 'server-only';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { patientSignals, patientSummaries, settings } from '@/db/schema';
import { patientSnapshot } from '../domain/summary';
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, upgradeStoredSettings, validateSignalSettings, type Signal, type SignalLevel, type SignalSettings } from '../domain/signals';
import { today } from './clinical-guards';
import type { TimelineSignal } from '../domain/timeline/signal-markers';
import { loadPatientClinicalData, type PatientClinicalData } from './patient-data';
import { positionalInsert, preparedPerConnection } from './prepared';
import { invalidatePatientTimeline, storePatientTimeline } from './timeline-store';
import type { Tx } from './tx';
import { observePatientRecompute } from '../ops/timings';

export const SIGNAL_SETTINGS_KEY = 'signal-settings';

/** Sort key stored with each signal so the worklist orders by importance with an index. */
export const LEVEL_RANK: Record<SignalLevel, number> = { action: 0, warning: 1, info: 2 };

/** The site's signal thresholds (defaults from docs/clinical/signals.md). */
export function readSignalSettings(tx: Pick<Tx, 'select'>): SignalSettings {
  const row = tx.select().from(settings).where(eq(settings.key, SIGNAL_SETTINGS_KEY)).get();
  if (!row) return { ...DEFAULT_SIGNAL_SETTINGS };
  // Settings saved before the month-based windows are upgraded, never dropped.
  const stored = upgradeStoredSettings(JSON.parse(row.valueJson) as Record<string, unknown>);
  const checked = validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ...stored });
  return checked.ok ? checked.settings : { ...DEFAULT_SIGNAL_SETTINGS };
}

/** Identifies what fired a signal: an acknowledgement holds while this stays the same. */
export function signalFingerprint(s: Pick<Signal, 'code' | 'analyte' | 'resultIds'>): string {
  return createHash('sha256').update(JSON.stringify([s.code, s.analyte ?? null, s.resultIds])).digest('hex').slice(0, 32);
}

const p = (name: string) => sql.placeholder(name);
/** Prepared once per connection (lib/dal/prepared.ts): every write and every imported patient runs these. */
const statements = preparedPerConnection((db) => {
  const summary = { topLevelRank: p('topLevelRank'), signalCodes: p('signalCodes'), latestSignalSince: p('latestSignalSince'), snapshotJson: p('snapshotJson'), lastTiterOn: p('lastTiterOn'), updatedAt: p('updatedAt') };
  return {
    deleteSignals: db.delete(patientSignals).where(eq(patientSignals.patientId, p('patientId'))).prepare(),
    insertSignal: positionalInsert(db, db.insert(patientSignals).values({
      patientId: p('patientId'), code: p('code'), level: p('level'), levelRank: p('levelRank'), analyte: p('analyte'), since: p('since'),
      explanation: p('explanation'), resultIdsJson: p('resultIdsJson'), evidenceJson: p('evidenceJson'), fingerprint: p('fingerprint'), computedAt: p('computedAt'),
    }).toSQL()),
    // On conflict the row takes the values just offered (SQLite's `excluded`): same as set: summary.
    upsertSummary: db.insert(patientSummaries).values({ patientId: p('patientId'), ...summary }).onConflictDoUpdate({
      target: patientSummaries.patientId,
      set: {
        topLevelRank: sql`excluded.top_level_rank`, signalCodes: sql`excluded.signal_codes`, latestSignalSince: sql`excluded.latest_signal_since`,
        snapshotJson: sql`excluded.snapshot_json`, lastTiterOn: sql`excluded.last_titer_on`, updatedAt: sql`excluded.updated_at`,
      },
    }).prepare(),
  };
});

/**
 * Recomputes and stores one patient's signals (and worklist summary, and timeline: timeline-store.ts) as of today. Called inside the write
 * transaction of every change to that patient, so stored signals never lag the data.
 * A bulk import passes `timeline: 'invalidate'`: the stored timeline is dropped and
 * rebuilt by the patient's next view or the nightly recompute (docs/decisions/0012);
 * it also passes `data`, the patient's rows as they now stand in this transaction,
 * which it already holds (lib/dal/lab-import-write.ts).
 */
export function recomputePatientSignals(
  tx: Tx, patientId: number, signalSettings = readSignalSettings(tx),
  opts: { timeline: 'rebuild' | 'invalidate'; data?: PatientClinicalData } = { timeline: 'rebuild' },
): Signal[] {
  const started = process.hrtime.bigint();
  const data = opts.data ?? loadPatientClinicalData(patientId);
  const signals = computeSignals(data, today(), signalSettings);
  const st = statements();
  st.deleteSignals.run({ patientId });
  const computedAt = new Date().toISOString();
  const stored: TimelineSignal[] = [];
  for (const s of signals) {
    const id = st.insertSignal({
      patientId, code: s.code, level: s.level, levelRank: LEVEL_RANK[s.level], analyte: s.analyte ?? null, since: s.since,
      explanation: s.explanation, resultIdsJson: JSON.stringify(s.resultIds), evidenceJson: JSON.stringify(s.evidence),
      fingerprint: signalFingerprint(s), computedAt,
    });
    stored.push({ id, code: s.code, level: s.level, since: s.since, explanation: s.explanation, resultIds: s.resultIds });
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
  st.upsertSummary.run({ patientId, ...summary });
  // In the page's order (most important first, then as stored).
  stored.sort((a, b) => LEVEL_RANK[a.level as SignalLevel] - LEVEL_RANK[b.level as SignalLevel] || a.id - b.id);
  if (opts.timeline === 'invalidate') invalidatePatientTimeline(patientId);
  else storePatientTimeline(patientId, { ...data, signals: stored });
  observePatientRecompute(started);
  return signals;
}
