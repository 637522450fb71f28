import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { apiTokens, type ApiToken } from '@/db/schema';
import { can, isRole } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { roleSchema } from '../validation/users';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx } from './tx';
import { tryWithoutWaiting } from './write-lock';

const TOKEN_PREFIX = 'tl_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const newTokenSchema = z.object({
  name: z.string({ error: 'Name is required.' }).trim().min(2, 'Name the integration (at least 2 characters).').max(80, 'Name must be at most 80 characters.'),
  role: roleSchema,
});

export type ApiTokenDto = Omit<ApiToken, 'tokenHash'>;
const toDto = ({ tokenHash: _h, ...rest }: ApiToken): ApiTokenDto => rest;

/** Creates a token for a named integration (admins). The secret is returned once, never stored. */
export function createApiToken(actor: Actor, input: unknown): { token: string; record: ApiTokenDto } {
  if (!can(actor, 'token:manage')) throw forbidden();
  const data = parseOrThrow(newTokenSchema, input);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return writeTx((tx) => {
    const row = tx.insert(apiTokens).values({ name: data.name, role: data.role, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdBy: actor.userId, createdAt: new Date().toISOString() }).returning().get();
    appendAudit(tx, actor, { action: 'token.create', entity: 'api-token', entityId: row.id, after: toDto(row) });
    return { token, record: toDto(row) };
  });
}

export function listApiTokens(actor: Actor): ApiTokenDto[] {
  if (!can(actor, 'token:manage')) throw forbidden();
  return getDb().select().from(apiTokens).orderBy(desc(apiTokens.id)).all().map(toDto);
}

export function revokeApiToken(actor: Actor, id: number): ApiTokenDto {
  if (!can(actor, 'token:manage')) throw forbidden();
  return writeTx((tx) => {
    const before = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!before) throw notFound('API token');
    if (before.revokedAt) throw invalid('This token is already revoked.');
    const after = tx.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, id)).returning().get();
    appendAudit(tx, actor, { action: 'token.revoke', entity: 'api-token', entityId: id, before: toDto(before), after: toDto(after) });
    return toDto(after);
  });
}

/** Only write last_used_at once a minute per token: reads should not always write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a bearer token to an acting integration, or null (unknown or revoked).
 * The integration acts with the role it was given; its events are audited as
 * `token:<name>` with origin `api`.
 */
export function actorFromApiToken(token: string): Actor | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = getDb();
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).get();
  if (!row || row.revokedAt || !isRole(row.role)) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > TOUCH_EVERY_MS) {
    // Skipped, not waited for, while another process holds the write lock (a later call records it).
    tryWithoutWaiting(() => db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id)).run());
  }
  return { userId: null, email: `token:${row.name}`, name: row.name, role: row.role, active: true, origin: 'api' };
}
