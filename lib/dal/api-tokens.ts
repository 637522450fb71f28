import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '@/db/client';
import { apiTokens, users, type ApiToken } from '@/db/schema';
import { tokenStatus, type TokenStatus } from '../api-token-status';
import { clinicToday } from '../clinic-time';
import { can } from '../permissions';
import { forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { newTokenSchema, ownerIdSchema } from '../validation/api-tokens';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { assertTokenOwner, moveToken, tokenAuditView } from './api-token-owners';
import { writeTx } from './tx';

export const TOKEN_PREFIX = 'tl_';
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type ApiTokenDto = Omit<ApiToken, 'tokenHash'> & {
  ownerName: string | null;
  ownerEmail: string | null;
  status: TokenStatus;
  /** Days from today to the last valid day (negative once expired). */
  daysLeft: number | null;
};

/**
 * Creates a token for a named integration (admins). Its owner is the creating
 * administrator (or `ownerId`, an active administrator); it works through `expiresOn`
 * (default 90 days, at most a year). The secret is returned once, never stored.
 */
export function createApiToken(actor: Actor, input: unknown): { token: string; record: ApiTokenDto } {
  if (!can(actor, 'token:manage')) throw forbidden({ actor, permission: 'token:manage' });
  const data = parseOrThrow(newTokenSchema(clinicToday()), input);
  const rawOwner = (input as Record<string, unknown> | null)?.ownerId;
  const ownerId = rawOwner === undefined || rawOwner === '' ? actor.userId : parseOrThrow(ownerIdSchema, rawOwner, 'ownerId');
  if (ownerId === null) throw invalid('A token needs an accountable administrator: choose its owner.', { ownerId: ['Choose an administrator.'] });
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = writeTx((tx) => {
    assertTokenOwner(tx, ownerId, 'ownerId');
    const row = tx.insert(apiTokens).values({
      name: data.name, role: data.role, tokenHash: hashToken(token), prefix: token.slice(0, 10),
      createdBy: actor.userId, createdAt: new Date().toISOString(), ownerId, expiresOn: data.expiresOn,
    }).returning().get();
    appendAudit(tx, actor, { action: 'token.create', entity: 'api-token', entityId: row.id, after: tokenAuditView(row) });
    return row.id;
  });
  return { token, record: tokenById(id) };
}

const owners = alias(users, 'owner');
function listRows() {
  return getDb().select({ t: apiTokens, ownerName: owners.name, ownerEmail: owners.email, ownerActive: owners.active })
    .from(apiTokens).leftJoin(owners, eq(owners.id, apiTokens.ownerId)).orderBy(desc(apiTokens.id));
}

function toDto({ t, ownerName, ownerEmail, ownerActive }: Awaited<ReturnType<typeof listRows>>[number], today: string): ApiTokenDto {
  const { tokenHash: _h, ...rest } = t;
  return { ...rest, ownerName, ownerEmail, ...tokenStatus({ ...t, ownerActive: ownerActive ?? false }, today) };
}

function tokenById(id: number): ApiTokenDto {
  const row = listRows().where(eq(apiTokens.id, id)).get();
  if (!row) throw notFound('API token');
  return toDto(row, clinicToday());
}

/** Every token, newest first, with its owner and where it stands today (admins). */
export function listApiTokens(actor: Actor): ApiTokenDto[] {
  if (!can(actor, 'token:manage')) throw forbidden({ actor, permission: 'token:manage' });
  const today = clinicToday();
  return listRows().all().map((r) => toDto(r, today));
}

/** The active administrators a token can be given to (the transfer forms). */
export function listTokenOwnerCandidates(actor: Actor): { id: number; name: string; email: string }[] {
  if (!can(actor, 'token:manage')) throw forbidden({ actor, permission: 'token:manage' });
  return getDb().select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active }).from(users).all()
    .filter((u) => u.active && u.role === 'admin').map(({ id, name, email }) => ({ id, name, email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadLive(tx: Parameters<Parameters<typeof writeTx>[0]>[0], id: number): ApiToken {
  const t = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!t) throw notFound('API token');
  if (t.revokedAt) throw invalid(t.revokedReason === 'owner-deactivated' ? 'This token was disabled when its owner was deactivated.' : 'This token is already revoked.');
  return t;
}

export function revokeApiToken(actor: Actor, id: number): ApiTokenDto {
  if (!can(actor, 'token:manage')) throw forbidden({ actor, permission: 'token:manage' });
  writeTx((tx) => {
    const before = loadLive(tx, id);
    const after = tx.update(apiTokens).set({ revokedAt: new Date().toISOString(), revokedReason: 'revoked' }).where(eq(apiTokens.id, id)).returning().get();
    appendAudit(tx, actor, { action: 'token.revoke', entity: 'api-token', entityId: id, before: tokenAuditView(before), after: tokenAuditView(after) });
  });
  return tokenById(id);
}

/** Gives a working token to another active administrator (admins), audited. */
export function transferApiToken(actor: Actor, id: number, toUserId: unknown): ApiTokenDto {
  if (!can(actor, 'token:manage')) throw forbidden({ actor, permission: 'token:manage' });
  const to = parseOrThrow(ownerIdSchema, toUserId, 'ownerId');
  writeTx((tx) => {
    const before = loadLive(tx, id);
    if (before.ownerId === to) throw invalid('The token already belongs to this administrator.', { ownerId: ['Choose another administrator.'] });
    const owner = assertTokenOwner(tx, to, 'ownerId');
    moveToken(tx, actor, before, owner.id, `Transferred to ${owner.email}.`);
  });
  return tokenById(id);
}
