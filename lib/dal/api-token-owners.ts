import 'server-only';
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { apiTokens, users, type ApiToken } from '@/db/schema';
import { clinicToday } from '../clinic-time';
import { can } from '../permissions';
import { forbidden, invalid } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import type { Tx } from './tx';

/**
 * Accountable owners of API tokens (issue 20, item 6): every token has an administrator
 * who answers for it; deactivating that administrator disables their tokens unless
 * another administrator takes them over first.
 */

/** A token as the audit trail shows it: never its hash. */
export const tokenAuditView = ({ tokenHash: _h, ...rest }: ApiToken) => rest;

/** The tokens of `ownerId` that still work (not revoked, not expired): what deactivating them would disable. */
export function liveTokensOf(tx: Tx, ownerId: number): ApiToken[] {
  return tx.select().from(apiTokens)
    .where(and(eq(apiTokens.ownerId, ownerId), isNull(apiTokens.revokedAt), gte(apiTokens.expiresOn, clinicToday())))
    .all();
}

/** Refuses anyone but an active administrator as a token's owner; `field` names the form field. */
export function assertTokenOwner(tx: Tx, userId: number, field: string): { id: number; name: string; email: string } {
  const u = tx.select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active }).from(users).where(eq(users.id, userId)).get();
  if (!u || !u.active || u.role !== 'admin') {
    const message = 'API tokens can only be given to an active administrator.';
    throw invalid(message, { [field]: [message] });
  }
  return { id: u.id, name: u.name, email: u.email };
}

/** Moves one token to another owner, audited with the reason. */
export function moveToken(tx: Tx, actor: Actor, token: ApiToken, toUserId: number, reason: string): ApiToken {
  const after = tx.update(apiTokens).set({ ownerId: toUserId }).where(eq(apiTokens.id, token.id)).returning().get();
  appendAudit(tx, actor, { action: 'token.transfer', entity: 'api-token', entityId: token.id, before: tokenAuditView(token), after: tokenAuditView(after), reason });
  return after;
}

/**
 * Inside the deactivation of `ownerId`: their working tokens go to `transferTo` (an
 * active administrator other than them) or, when none is given, are disabled. Each
 * token gets its own audit event. Returns the counts for the message.
 */
export function settleTokensOfDeactivated(tx: Tx, actor: Actor, ownerId: number, transferTo: number | null): { disabled: number; transferred: number } {
  const tokens = liveTokensOf(tx, ownerId);
  if (tokens.length === 0) return { disabled: 0, transferred: 0 };
  if (transferTo !== null) {
    if (transferTo === ownerId) throw invalid('Choose another administrator: the tokens cannot stay with the account being deactivated.', { transferTo: ['Choose another administrator.'] });
    const to = assertTokenOwner(tx, transferTo, 'transferTo');
    for (const t of tokens) moveToken(tx, actor, t, to.id, `Owner deactivated; transferred to ${to.email}.`);
    return { disabled: 0, transferred: tokens.length };
  }
  const now = new Date().toISOString();
  for (const t of tokens) {
    const after = tx.update(apiTokens).set({ revokedAt: now, revokedReason: 'owner-deactivated' }).where(eq(apiTokens.id, t.id)).returning().get();
    appendAudit(tx, actor, { action: 'token.disable', entity: 'api-token', entityId: t.id, before: tokenAuditView(t), after: tokenAuditView(after), reason: 'Owner deactivated; the token was not transferred.' });
  }
  return { disabled: tokens.length, transferred: 0 };
}

/** Working tokens per owner (the users page says how many a deactivation would disable). */
export function countLiveTokensByOwner(actor: Actor): Map<number, number> {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const rows = getDb().select({ ownerId: apiTokens.ownerId, n: sql<number>`count(*)` }).from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), gte(apiTokens.expiresOn, clinicToday())))
    .groupBy(apiTokens.ownerId).all();
  return new Map(rows.flatMap((r) => (r.ownerId === null ? [] : [[r.ownerId, r.n] as const])));
}
