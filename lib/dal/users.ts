import 'server-only';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { authSessions, users, type User } from '@/db/schema';
import { can, type Role } from '../permissions';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import { newUserSchema, passwordSchema, roleSchema, setupSchema } from '../validation/users';
import type { Actor } from './actor';
import { ownerIdSchema } from '../validation/api-tokens';
import { appendAudit } from './audit';
import { settleTokensOfDeactivated } from './api-token-owners';
import { hashPassword } from './passwords';
import { preparedPerConnection } from './prepared';
import { isLocked, lockDetails, type LockDetails } from './signin-locks';
import { writeTx, type Tx } from './tx';

/** What pages may see of a user: never the hash. */
export interface UserDto {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  locked: boolean;
  /** While locked: until when, after how many failed sign-ins, from which addresses (admins' users page). */
  lock: LockDetails | null;
  /** Has a confirmed second factor (an administrator can reset it). */
  twoFactor: boolean;
  createdAt: string;
}

function toDto(u: User, now = Date.now()): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    locked: isLocked(u, now),
    lock: null,
    twoFactor: u.totpEnrolledAt !== null,
    createdAt: u.createdAt,
  };
}

/** A snapshot for the audit trail: who the user was, without secrets. */
const auditView = (u: User) => ({ email: u.email, name: u.name, role: u.role, active: u.active });

export function countUsers(): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}

function insertUser(tx: Tx, actor: Actor | null, data: { email: string; name: string; role: Role; passwordHash: string }): UserDto {
  const exists = tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
  if (exists) throw conflict('A user with this email already exists.', { email: ['This email is already in use.'] });
  const now = new Date().toISOString();
  const row = tx.insert(users).values({ ...data, createdAt: now, updatedAt: now }).returning().get();
  appendAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: row.id, after: auditView(row) });
  return toDto(row);
}

/**
 * First-run setup: creates the administrator while no user exists. Refused as
 * not-found once any user exists, so /setup disappears after first use.
 */
export async function createFirstAdmin(input: unknown): Promise<UserDto> {
  const data = parseOrThrow(setupSchema, input);
  const passwordHash = await hashPassword(data.password);
  return writeTx((tx) => {
    const n = tx.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
    if (n > 0) throw notFound('Setup');
    const setupActor: Actor = { userId: null, email: data.email, name: data.name, role: 'admin', active: true, origin: 'ui' };
    return insertUser(tx, setupActor, { email: data.email, name: data.name, role: 'admin', passwordHash });
  });
}

/** Creates a user (admins; the CLI acts as admin). */
export async function createUser(actor: Actor, input: unknown): Promise<UserDto> {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const data = parseOrThrow(newUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return writeTx((tx) => insertUser(tx, actor, { email: data.email, name: data.name, role: data.role, passwordHash }));
}

export function listUsers(actor: Actor): UserDto[] {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const now = Date.now();
  return getDb().select().from(users).orderBy(asc(users.name)).all().map((u) => ({ ...toDto(u, now), lock: lockDetails(u, now) }));
}

/** Prepared once per connection: the worklist's physician filter reads it on every view. */
const physiciansStatement = preparedPerConnection((db) => db
  .select({ id: users.id, name: users.name })
  .from(users)
  .where(and(eq(users.role, 'physician'), eq(users.active, true)))
  .orderBy(asc(users.name))
  .prepare());

/** Lists active physicians (for assigning a patient's responsible physician). */
export function listPhysicians(actor: Actor): { id: number; name: string }[] {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  return physiciansStatement().all();
}

function loadUser(tx: Tx, id: number): User {
  const u = tx.select().from(users).where(eq(users.id, id)).get();
  if (!u) throw notFound('User');
  return u;
}

/** Refuses a change that would leave the site without an active administrator. */
function assertAnotherAdmin(tx: Tx, userId: number): void {
  const others = tx
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, userId)))
    .get()?.n ?? 0;
  if (others === 0) throw invalid('At least one active administrator must remain.');
}

/** Ends every session of a user (role change, password change, deactivation). */
function endUserSessions(tx: Tx, userId: number, reason: string): void {
  tx.update(authSessions)
    .set({ endedAt: Date.now(), endReason: reason, idToken: null })
    .where(and(eq(authSessions.userId, userId), sql`${authSessions.endedAt} IS NULL`))
    .run();
}

function updateUser(actor: Actor, id: number, action: string, change: (u: User, tx: Tx) => Partial<User>, endSessions: string | null): UserDto {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  return writeTx((tx) => {
    const before = loadUser(tx, id);
    const patch = change(before, tx);
    const after = tx
      .update(users)
      .set({ ...patch, sessionVersion: endSessions ? before.sessionVersion + 1 : before.sessionVersion, updatedAt: new Date().toISOString() })
      .where(eq(users.id, id))
      .returning()
      .get();
    if (endSessions) endUserSessions(tx, id, endSessions);
    appendAudit(tx, actor, { action, entity: 'user', entityId: id, before: auditView(before), after: auditView(after) });
    return toDto(after);
  });
}

export function changeUserRole(actor: Actor, id: number, role: unknown): UserDto {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const newRole = parseOrThrow(roleSchema, role, 'role');
  return updateUser(actor, id, 'user.role', (u, tx) => {
    if (u.role === 'admin' && newRole !== 'admin') assertAnotherAdmin(tx, u.id);
    return { role: newRole };
  }, 'role changed');
}

/**
 * Deactivates or reactivates a user. Deactivating disables the API tokens they own
 * (issue 20, item 6) unless `transferTokensTo` names another active administrator, who
 * then owns them; all in the same transaction, each token audited. Reactivating does not
 * bring disabled tokens back.
 */
export function setUserActive(actor: Actor, id: number, active: boolean, options: { transferTokensTo?: unknown } = {}): UserDto & { tokens: { disabled: number; transferred: number } } {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  if (!active && actor.userId === id) throw invalid('You cannot deactivate your own account.');
  const raw = options.transferTokensTo;
  const transferTo = active || raw === undefined || raw === null || raw === '' ? null : parseOrThrow(ownerIdSchema, raw, 'transferTo');
  let tokens = { disabled: 0, transferred: 0 };
  const user = updateUser(actor, id, active ? 'user.reactivate' : 'user.deactivate', (u, tx) => {
    if (!active && u.role === 'admin') assertAnotherAdmin(tx, u.id);
    if (!active) tokens = settleTokensOfDeactivated(tx, actor, u.id, transferTo);
    return active ? { active, failedLogins: 0, lockedUntil: null, twoFactorLockedAt: null } : { active };
  }, active ? null : 'deactivated');
  return { ...user, tokens };
}

/** Sets a new password (admin reset): unlocks the account and ends its sessions. */
export async function resetUserPassword(actor: Actor, id: number, password: unknown): Promise<UserDto> {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const plain = parseOrThrow(passwordSchema, password, 'password');
  const passwordHash = await hashPassword(plain);
  return updateUser(actor, id, 'user.password-reset', () => ({ passwordHash, failedLogins: 0, lockedUntil: null, twoFactorLockedAt: null }), 'password reset');
}
