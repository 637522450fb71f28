import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { recordHistory, users } from '@/db/schema';
import { can } from '../permissions';
import { forbidden } from '../errors';
import type { Actor } from './actor';

export interface HistoryEntry {
  version: number;
  data: Record<string, unknown>;
  changeReason: string;
  changedBy: string | null;
  changedAt: string;
}

/** Earlier versions of one clinical row, oldest first (anyone who may view the patient). */
export function listRowHistory(actor: Actor, entity: string, rowId: number, patientId: number): HistoryEntry[] {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return getDb()
    .select({ h: recordHistory, name: users.name })
    .from(recordHistory)
    .leftJoin(users, eq(users.id, recordHistory.changedBy))
    .where(and(eq(recordHistory.entity, entity), eq(recordHistory.entityId, rowId), eq(recordHistory.patientId, patientId)))
    .orderBy(asc(recordHistory.version))
    .all()
    .map(({ h, name }) => ({ version: h.version, data: JSON.parse(h.dataJson) as Record<string, unknown>, changeReason: h.changeReason, changedBy: name, changedAt: h.changedAt }));
}
