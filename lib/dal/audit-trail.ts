import 'server-only';
import type { Db } from '@/db/client';
import { checkpointFile, checkpointText, readCheckpoints, type CheckpointRecord } from './audit-checkpoint-file';
import { AuditKeyError, type AuditKeyRing } from './audit-keys';
import { verifyingRing, walkAuditChain } from './audit-verify';

/**
 * The whole audit-trail check behind `npm run audit:verify`: the signed chain, and the
 * chain against the signed checkpoints kept outside the database, so that a shortened
 * trail, a rewritten one, a wrong key and an altered checkpoint file are all found
 * (docs/decisions/0002-audit-chain.md).
 */
export interface TrailReport {
  /** intact: exit 0; problem: tampering or loss found, exit 1; cannot-check: exit 2. */
  status: 'intact' | 'problem' | 'cannot-check';
  events: number;
  checkpointsFile: string;
  /** Checkpoint records whose signature holds. */
  checkpoints: number;
  /** Checkpoints of this trail that name another event than the database holds (a rewrite, or another trail). */
  disagreeing: number;
  problems: string[];
  notes: string[];
  /**
   * The database is an older state of this trail: its events match every checkpoint
   * they reach, but the checkpoints show it had gone further (a backup put back by
   * hand, or the newest events deleted). What `--accept-restore` records.
   */
  olderCopy: { events: number; head: string; reached: CheckpointRecord; backup: CheckpointRecord | null } | null;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

type Rec = CheckpointRecord & { line: number };

function describeRestore(r: Rec): string {
  const replaced = r.replacedEvents === undefined ? 'there was no earlier database' : `the replaced database had reached event ${r.replacedEvents}${r.keptAs ? ` (kept as ${r.keptAs})` : ''}`;
  return `Restored from backup at event ${r.events} on ${when(r.at)}${r.file ? ` (${r.file})` : ''}, recorded by ${r.recordedBy ?? 'npm run restore'}; ${replaced}.`;
}

/**
 * `ring`: the keys to check with (default: the database's own). `checkpointsFile`: default
 * the database's own. `checkpointsText`: the file's content read earlier (a backup checks
 * its copy against the checkpoints that existed before the copy was taken).
 */
export function verifyAuditTrail(db: Db, opts: { ring?: AuditKeyRing | null; checkpointsFile?: string; checkpointsText?: string | null } = {}): TrailReport {
  const file = opts.checkpointsFile ?? checkpointFile(db.$client.name);
  const report: TrailReport = { status: 'intact', events: 0, checkpointsFile: file, checkpoints: 0, disagreeing: 0, problems: [], notes: [], olderCopy: null };
  let ring: AuditKeyRing | null;
  try {
    ring = opts.ring === undefined ? verifyingRing(db) : opts.ring;
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    return { ...report, status: 'cannot-check', problems: [e.message] };
  }
  const cps = readCheckpoints(opts.checkpointsText === undefined ? checkpointText(file) : opts.checkpointsText, ring);
  report.checkpoints = cps.records.length;
  const lastRestore = cps.records.findLastIndex((r) => r.kind === 'restore');
  const lineage: Rec[] = cps.records.slice(Math.max(lastRestore, 0));
  const walk = walkAuditChain(db, ring, new Set(lineage.map((r) => r.events)));
  report.events = walk.lastId;

  if (walk.noKey) {
    report.status = 'cannot-check';
    report.problems.push(`No audit key is available to check the signed events: looked for ${process.env.TITERLINE_AUDIT_KEY_FILE ? `TITERLINE_AUDIT_KEY_FILE (${process.env.TITERLINE_AUDIT_KEY_FILE})` : `${db.$client.name}.audit-key`}. Run the check with the same TITERLINE_AUDIT_KEY or TITERLINE_AUDIT_KEY_FILE as the app.`);
    return report;
  }
  for (const p of cps.problems) report.problems.push(`The checkpoint file ${file} was tampered with: ${p}.`);
  if (!walk.ok) {
    report.problems.unshift(`The audit trail was tampered with: ${walk.problem} (${walk.checked} events verified before it).`);
    report.status = 'problem';
    return report;
  }
  const signed = walk.checked - walk.unsigned;
  if (walk.checked > 0 && signed === 0) {
    report.problems.push(`None of the ${walk.checked} events is signed with the audit key. A database from a version before signing is signed from its next start (npm run db:migrate does it at once); if this version has already used it, its signed events were removed.`);
  }
  if (!cps.exists && signed > 0) {
    report.problems.push(`The checkpoint file ${file} is missing. The app writes it beside the database (or at TITERLINE_AUDIT_CHECKPOINTS); if you moved the database, move that file with it. Without it, removal of the newest events cannot be ruled out.`);
  }

  // Every checkpoint of this database's lineage that the trail reaches must name the same event.
  const reached = lineage.filter((r) => r.events <= walk.lastId);
  const differing = reached.filter((r) => walk.hashes.get(r.events) !== r.head);
  report.disagreeing = differing.length;
  const first = differing[0];
  if (first) {
    report.problems.push(`Event ${first.events} is not the event the checkpoint of ${when(first.at)} recorded (line ${first.line}): the trail was rewritten after that checkpoint${differing.length > 1 ? ` (${differing.length} checkpoints disagree)` : ''}.`);
  }
  const furthest = lineage.reduce<Rec | null>((m, r) => (!m || r.events > m.events ? r : m), null);
  if (furthest && furthest.events > walk.lastId) {
    const backup = cps.records.find((r) => r.kind === 'backup' && r.events === walk.lastId && r.head === walk.head) ?? null;
    const missing = `The audit trail ends at event ${walk.lastId}, but the checkpoint of ${when(furthest.at)} shows it had reached event ${furthest.events}: events ${walk.lastId + 1}-${furthest.events} are missing.`;
    if (differing.length > 0 || !walk.head) report.problems.push(missing);
    else {
      report.olderCopy = { events: walk.lastId, head: walk.head, reached: furthest, backup };
      const why = backup
        ? ` The database is exactly the backup taken ${when(backup.at)}${backup.file ? ` (${backup.file})` : ''}: it looks like that backup was put back without npm run restore.`
        : ' The events it has match the checkpoints, so either an older copy of this database was put back by hand, or the newest events were deleted.';
      report.problems.push(`${missing}${why} If a backup was put back, record it with: npm run audit:verify -- --accept-restore. If not, treat the database as tampered with and keep a copy of it as evidence.`);
    }
  }

  if (lastRestore >= 0) report.notes.push(describeRestore(cps.records[lastRestore]!));
  const earlierRestores = cps.records.filter((r) => r.kind === 'restore').length - 1;
  if (earlierRestores > 0) report.notes.push(`${earlierRestores} earlier restore${earlierRestores > 1 ? 's are' : ' is'} recorded in the checkpoint file.`);
  if (walk.unsigned > 0 && signed > 0) report.notes.push(`Events 1-${walk.unsigned} were written before the audit trail was signed; the signed event ${walk.unsigned + 1} that follows them pins them, so a change to them is still detected.`);
  if (ring && walk.keyRanges.length > 0) {
    const ranges = walk.keyRanges.map((k) => `key ${k.keyId}${k.keyId === ring.current.id ? ' (current)' : ''}: events ${k.from}-${k.to}`);
    report.notes.push(`Signed with ${ranges.join('; ')}.`);
  }
  const latest = lineage.filter((r) => r.events <= walk.lastId).reduce<Rec | null>((m, r) => (!m || r.events >= m.events ? r : m), null);
  if (latest && walk.lastId > latest.events) {
    report.notes.push(`The latest checkpoint (${when(latest.at)}) covers events up to ${latest.events}; the ${walk.lastId - latest.events} newer events are protected against changes by their signatures and will be covered by the next checkpoint.`);
  }
  if (cps.tornLastLine) report.notes.push('The last line of the checkpoint file was cut short (a crash while it was written) and is ignored.');
  if (ring?.besideDatabase) report.notes.push(`The audit key is kept beside the database (${ring.file}). Keep a copy of it apart from the database backups; to protect the trail from someone who can change the database folder, move it elsewhere and set TITERLINE_AUDIT_KEY_FILE (README).`);
  report.status = report.problems.length > 0 ? 'problem' : 'intact';
  return report;
}
