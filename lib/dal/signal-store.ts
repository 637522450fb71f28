import 'server-only';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { patients, patientSignals, patientSummaries, settings, signalAcknowledgements } from '@/db/schema';
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

/**
 * Added to a signal's rank in the patient's summary when it is acknowledged (as it now
 * stands): a patient whose every signal is handled ranks 3-5, after everyone who still
 * needs attention (0-2), and "needs attention" is `rank < 3`, both from the summary's
 * index (docs/decisions/0035-worklist-handled.md). 9 stays "no signal".
 */
export const HANDLED_OFFSET = 3;
export const NEEDS_ATTENTION_BELOW = HANDLED_OFFSET;

/** The summary's rank: the most important signal, acknowledged ones counted after every unacknowledged one. */
export function summaryRank(signals: readonly { level: SignalLevel; acknowledged: boolean }[]): number {
  if (!signals.length) return 9;
  return Math.min(...signals.map((s) => LEVEL_RANK[s.level] + (s.acknowledged ? HANDLED_OFFSET : 0)));
}

/** The site's signal thresholds (defaults from docs/clinical/signals.md). */
export function readSignalSettings(tx: Pick<Tx, 'select'>): SignalSettings {
  const row = tx.select().from(settings).where(eq(settings.key, SIGNAL_SETTINGS_KEY)).get();
  if (!row) return { ...DEFAULT_SIGNAL_SETTINGS };
  // Settings saved before the month-based windows are upgraded, never dropped.
  const stored = upgradeStoredSettings(JSON.parse(row.valueJson) as Record<string, unknown>);
  const checked = validateSignalSettings({ ...DEFAULT_SIGNAL_SETTINGS, ...stored });
  return checked.ok ? checked.settings : { ...DEFAULT_SIGNAL_SETTINGS };
}

/** The patient's rows corrected since entry, as "kind:id" -> version (resultIds' kinds). */
export type CorrectedRows = ReadonlyMap<string, number>;

/**
 * Identifies what fired a signal: an acknowledgement holds while this stays the same.
 * A correction keeps the row's id (decision 3), so the version of every named row that
 * was corrected is part of it: a corrected result makes the signal show as new
 * (signals.md section 1). Rows never corrected add nothing, so the fingerprints of
 * acknowledgements made before versions counted still match.
 */
export function signalFingerprint(s: Pick<Signal, 'code' | 'analyte' | 'resultIds'>, corrected: CorrectedRows = new Map()): string {
  const versions = Object.entries(s.resultIds).flatMap(([kind, ids]) => ids.flatMap((id: number) => {
    const v = corrected.get(`${kind}:${id}`);
    return v === undefined ? [] : [`${kind}:${id}:${v}`];
  }));
  const key = versions.length ? [s.code, s.analyte ?? null, s.resultIds, versions] : [s.code, s.analyte ?? null, s.resultIds];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}

const p = (name: string) => sql.placeholder(name);
/** Prepared once per connection (lib/dal/prepared.ts): every write and every imported patient runs these. */
const statements = preparedPerConnection((db) => {
  const summary = { topLevelRank: p('topLevelRank'), signalCodes: p('signalCodes'), latestSignalSince: p('latestSignalSince'), snapshotJson: p('snapshotJson'), lastTiterOn: p('lastTiterOn'), updatedAt: p('updatedAt') };
  return {
    acks: db.select({ code: signalAcknowledgements.code, fingerprint: signalAcknowledgements.fingerprint }).from(signalAcknowledgements)
      .where(eq(signalAcknowledgements.patientId, p('patientId'))).prepare(),
    diagnosis: db.select({ group: patients.diagnosisGroup }).from(patients).where(eq(patients.id, p('patientId'))).prepare(),
    // One indexed read per recompute; most patients have no corrected row.
    corrected: db.$client.prepare(`SELECT 'antibody' AS kind, id, version FROM antibody_results WHERE patient_id = @patientId AND version > 1
      UNION ALL SELECT 'enzyme', id, version FROM enzyme_results WHERE patient_id = @patientId AND version > 1
      UNION ALL SELECT 'visit', id, version FROM visits WHERE patient_id = @patientId AND version > 1
      UNION ALL SELECT 'medication', id, version FROM medication_epochs WHERE patient_id = @patientId AND version > 1`),
    storedSignals: db.select({ level: patientSignals.level, code: patientSignals.code, fingerprint: patientSignals.fingerprint }).from(patientSignals)
      .where(eq(patientSignals.patientId, p('patientId'))).prepare(),
    setRank: db.update(patientSummaries).set({ topLevelRank: sql`${p('rank')}` }).where(eq(patientSummaries.patientId, p('patientId'))).prepare(),
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
  const st = statements();
  // An anti-Mi2-positive diagnosis is a positive history even when the positive result was
  // recorded elsewhere: its titers are followed (titer overdue), as the worklist's "Due for labs" reads it.
  const hasPositiveHistory = st.diagnosis.get({ patientId })?.group === 'mi2-pos-dm';
  const signals = computeSignals({ ...data, hasPositiveHistory }, today(), signalSettings);
  st.deleteSignals.run({ patientId });
  const computedAt = new Date().toISOString();
  const stored: TimelineSignal[] = [];
  const acknowledged = acknowledgedKeys(patientId);
  const corrected = correctedRows(patientId);
  const ranked: { level: SignalLevel; acknowledged: boolean }[] = [];
  for (const s of signals) {
    const fingerprint = signalFingerprint(s, corrected);
    ranked.push({ level: s.level, acknowledged: acknowledged.has(`${s.code} ${fingerprint}`) });
    const id = st.insertSignal({
      patientId, code: s.code, level: s.level, levelRank: LEVEL_RANK[s.level], analyte: s.analyte ?? null, since: s.since,
      explanation: s.explanation, resultIdsJson: JSON.stringify(s.resultIds), evidenceJson: JSON.stringify(s.evidence),
      fingerprint, computedAt,
    });
    stored.push({ id, code: s.code, level: s.level, since: s.since, explanation: s.explanation, resultIds: s.resultIds });
  }
  const snapshot = patientSnapshot(data);
  const summary = {
    topLevelRank: summaryRank(ranked),
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

function correctedRows(patientId: number): CorrectedRows {
  const rows = statements().corrected.all({ patientId }) as { kind: string; id: number; version: number }[];
  return new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.version]));
}

/** Recomputes the patient's signals and timeline as of today, in the caller's transaction (a stored timeline from another day). */
export const recomputeAsOfToday = (patientId: number) => (tx: Tx) => void recomputePatientSignals(tx, patientId);

/** "code fingerprint" of every acknowledgement of the patient: a signal is handled while its pair is here. */
function acknowledgedKeys(patientId: number): Set<string> {
  return new Set(statements().acks.all({ patientId }).map((a) => `${a.code} ${a.fingerprint}`));
}

/**
 * Rewrites the summary's rank from the stored signals and acknowledgements, in the
 * caller's transaction: an acknowledgement moves the patient among the handled.
 */
export function refreshSummaryRank(patientId: number): void {
  const st = statements();
  const acknowledged = acknowledgedKeys(patientId);
  const rank = summaryRank(st.storedSignals.all({ patientId }).map((s) => ({ level: s.level, acknowledged: acknowledged.has(`${s.code} ${s.fingerprint}`) })));
  st.setRank.run({ patientId, rank });
}
