import 'server-only';
import { tryWithoutWaiting } from './write-lock';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { refusalMessage, tokenStatus } from '../api-token-status';
import { clinicToday } from '../clinic-time';
import { isRole } from '../permissions';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { hashToken, TOKEN_PREFIX } from './api-tokens';
import { writeTx } from './tx';
import { noteRequestCaller } from '../ops/request-context';

/** Only write last_used_at once a minute per token: reads should not always write. */
const TOUCH_EVERY_MS = 60_000;
/** A refused token is audited at most once an hour per token and reason (a retrying integration would flood the trail). */
const REFUSAL_AUDIT_EVERY_MS = 3_600_000;
const lastRefusalAudit = new Map<string, number>();

const NOT_VALID = 'This API token is not valid. Check the Authorization: Bearer header, or ask an administrator of Titerline for a token.';

/**
 * Resolves a bearer token to the integration acting with it, or refuses with 401 and a
 * message that says why (unknown, expired, revoked, or disabled with its owner). The
 * integration acts with the role it was given; its events are audited as
 * `token:<name>` with origin `api`; refusals of a known token are audited too.
 */
export function actorFromApiToken(token: string): Actor {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw new AppError('unauthorized', NOT_VALID);
  const db = getDb();
  const found = db.select({ t: apiTokens, ownerActive: users.active }).from(apiTokens).leftJoin(users, eq(users.id, apiTokens.ownerId))
    .where(eq(apiTokens.tokenHash, hashToken(token))).get();
  if (!found || !isRole(found.t.role)) throw new AppError('unauthorized', NOT_VALID);
  const row = found.t;
  const state = { ...row, ownerActive: found.ownerActive ?? false };
  const today = clinicToday();
  const refused = refusalMessage(state, today);
  const actor: Actor = { userId: null, email: `token:${row.name}`, name: row.name, role: row.role, active: true, origin: 'api' };
  if (refused) {
    const why = tokenStatus(state, today).status;
    const key = `${row.id}:${why}`;
    const now = Date.now();
    if (now - (lastRefusalAudit.get(key) ?? 0) > REFUSAL_AUDIT_EVERY_MS) {
      lastRefusalAudit.set(key, now);
      writeTx((tx) => appendAudit(tx, actor, { action: 'token.refused', entity: 'api-token', entityId: row.id, after: { why, expiresOn: row.expiresOn, revokedAt: row.revokedAt } }));
    }
    throw new AppError('unauthorized', refused);
  }
  // The request log names the token by id (lib/ops/request-log.ts).
  noteRequestCaller({ apiTokenId: row.id });
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > TOUCH_EVERY_MS) {
    // Skipped, not waited for, while another process holds the write lock (a later call records it).
    tryWithoutWaiting(() => db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id)).run());
  }
  return actor;
}
