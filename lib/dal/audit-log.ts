import 'server-only';
import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { auditEvents, type AuditEvent } from '@/db/schema';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { AUDIT_ORIGINS, originLabel } from '../domain/audit-origins';
import { exportCsv } from '../domain/csv-export';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { drainReadEvents, readEventsWaiting, recordRead } from './read-audit';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.');
export const auditFilterSchema = z.object({
  action: z.string().trim().max(64).optional().transform((s) => s || undefined),
  user: z.string().trim().max(254).optional().transform((s) => s || undefined),
  patientId: z.coerce.number().int().positive('Patient id must be a positive whole number.').optional().catch(undefined),
  from: isoDay.optional().or(z.literal('').transform(() => undefined)),
  to: isoDay.optional().or(z.literal('').transform(() => undefined)),
  /** "1": refused attempts only (security.refused events, lib/dal/refusals.ts). */
  refused: z.literal('1').optional().catch(undefined),
  /** Where the events came from (web app, lab feed...); an unknown value is ignored. */
  origin: z.enum(AUDIT_ORIGINS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

function whereOf(f: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.action) parts.push(like(auditEvents.action, `${f.action.replace(/[%_]/g, '')}%`));
  if (f.refused) parts.push(eq(auditEvents.action, 'security.refused'));
  if (f.origin) parts.push(eq(auditEvents.origin, f.origin));
  if (f.user) parts.push(like(auditEvents.userEmail, `%${f.user.replace(/[%_]/g, '')}%`));
  if (f.patientId) parts.push(eq(auditEvents.patientId, f.patientId));
  if (f.from) parts.push(gte(auditEvents.at, f.from));
  if (f.to) parts.push(lt(auditEvents.at, `${f.to}T99`));
  return parts.length ? and(...parts) : undefined;
}

/**
 * Chains the read events waiting in the journal first (without waiting for the write
 * lock), so the log shows every view up to now; `waiting` counts those that could not
 * be chained yet (an import holds the lock), which the page says.
 */
function drainFirst(): number {
  const left = drainReadEvents({ wait: false });
  return left === Infinity ? readEventsWaiting() : left;
}

/** One page of the audit log, newest first (admins), and how many read events are still waiting to be chained. */
export function listAuditEvents(actor: Actor, rawFilter: unknown): { events: AuditEvent[]; total: number; filter: AuditFilter; waiting: number } {
  if (!can(actor, 'audit:view')) throw forbidden({ actor, permission: 'audit:view' });
  const filter = parseOrThrow(auditFilterSchema, rawFilter);
  const waiting = drainFirst();
  const db = getDb();
  const where = whereOf(filter);
  const total = db.select({ n: sql<number>`count(*)` }).from(auditEvents).where(where).get()?.n ?? 0;
  const events = db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE).offset((filter.page - 1) * AUDIT_PAGE_SIZE).all();
  return { events, total, filter, waiting };
}

const CSV_COLUMNS = ['id', 'at', 'userId', 'userEmail', 'role', 'origin', 'action', 'entity', 'entityId', 'patientId', 'reason', 'beforeJson', 'afterJson', 'prevHash', 'hash'] as const;
/** After the stored columns (so readers of the older 15 keep working): the origin in words. */
const CSV_HEADER = [...CSV_COLUMNS, 'originLabel'] as const;

/** One cell as every export writes it (lib/domain/csv-export.ts: quoting, formula guard on text). */
export { exportCell as csvCell } from '../domain/csv-export';

/** The filtered audit log as CSV (admins); the export itself is audited. */
export function exportAuditCsv(actor: Actor, rawFilter: unknown): string {
  if (!can(actor, 'audit:view')) throw forbidden({ actor, permission: 'audit:view' });
  const filter = parseOrThrow(auditFilterSchema, rawFilter);
  drainFirst();
  const rows = getDb().select().from(auditEvents).where(whereOf(filter)).orderBy(auditEvents.id).all();
  recordRead(actor, { action: 'audit.export', entity: 'audit_events', after: { filter, rows: rows.length } }, { durable: true });
  return exportCsv([CSV_HEADER, ...rows.map((r) => [...CSV_COLUMNS.map((c) => r[c]), originLabel(r.origin)])]);
}
