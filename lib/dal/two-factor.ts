import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { getDb } from '@/db/client';
import { recoveryCodes, users, type User } from '@/db/schema';
import { can } from '../permissions';
import { forbidden, invalid, notFound, unauthorized } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { hashPassword } from './passwords';
import { acceptedStep, newRecoveryCodes, newTotpSecret, totpUri } from './two-factor-codes';
import { enrolmentState, readTwoFactorPolicy, requiresSecondFactor, type EnrolmentState } from './two-factor-policy';
import { openSecret, sealSecret } from './two-factor-secret';
import { writeTx } from './tx';

/** Enrolment from the user's own account page, and the administrator's reset (issue 21). */

export interface TwoFactorStatus {
  enrolled: boolean;
  /** Unused recovery codes left. */
  recoveryLeft: number;
  state: EnrolmentState;
  required: boolean;
}

function ownUser(actor: Actor): User {
  if (actor.userId === null || actor.origin !== 'ui') throw unauthorized();
  const u = getDb().select().from(users).where(eq(users.id, actor.userId)).get();
  if (!u || !u.active) throw unauthorized();
  return u;
}

export function twoFactorStatus(actor: Actor): TwoFactorStatus {
  const u = ownUser(actor);
  const policy = readTwoFactorPolicy();
  const recoveryLeft = getDb().select({ id: recoveryCodes.id }).from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, u.id), isNull(recoveryCodes.usedAt))).all().length;
  return { enrolled: u.totpEnrolledAt !== null, recoveryLeft, state: enrolmentState(u, policy), required: requiresSecondFactor(u.role, policy) };
}

/** For the reminder banner: the date a user in their grace period must enrol by, else null. */
export function enrolmentReminder(actor: Actor): number | null {
  if (actor.userId === null || actor.origin !== 'ui') return null;
  const u = getDb().select().from(users).where(eq(users.id, actor.userId)).get();
  if (!u || u.totpEnrolledAt !== null) return null;
  const state = enrolmentState(u, readTwoFactorPolicy());
  return typeof state === 'object' ? state.dueBy : null;
}

export interface EnrolmentStart {
  /** PNG data URL of the QR code. */
  qr: string;
  /** The secret for typing in by hand (shown this once). */
  key: string;
}

/**
 * Starts (or starts again) enrolment: a new secret is stored encrypted, pending until
 * confirmed with a code. Refused while a second factor is enrolled (an administrator
 * resets it first), so a stolen session cannot silently replace someone's phone.
 */
export async function startEnrolment(actor: Actor): Promise<EnrolmentStart> {
  const u = ownUser(actor);
  if (u.totpEnrolledAt !== null) throw invalid('Two-factor sign-in is already set up. To move it to a new phone, ask an administrator to reset it.');
  const secret = newTotpSecret();
  writeTx((tx) => {
    tx.update(users).set({ totpSecret: sealSecret(secret), totpLastStep: null }).where(and(eq(users.id, u.id), isNull(users.totpEnrolledAt))).run();
    appendAudit(tx, actor, { action: 'two-factor.enrol-start', entity: 'user', entityId: u.id });
  });
  const uri = totpUri(secret, u.email);
  return { qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }), key: secret.replace(/(.{4})/g, '$1 ').trim() };
}

/**
 * Confirms enrolment with a code from the app; returns the ten recovery codes, which
 * are stored only as argon2 hashes and never shown again.
 */
export async function confirmEnrolment(actor: Actor, rawCode: unknown, now = Date.now()): Promise<{ recoveryCodes: string[] }> {
  const u = ownUser(actor);
  const code = typeof rawCode === 'string' ? rawCode.slice(0, 20) : '';
  if (u.totpEnrolledAt !== null) throw invalid('Two-factor sign-in is already set up.');
  const secret = u.totpSecret ? openSecret(u.totpSecret) : null;
  if (!secret) throw invalid('Start the set-up again: no code has been issued for your account yet.');
  const step = acceptedStep(secret, code, null, now);
  if (step === null) throw invalid('That code is not right. Enter the 6-digit code your authenticator app shows now.', { code: ['Enter the 6-digit code your app shows now.'] });
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  writeTx((tx) => {
    const fresh = tx.select().from(users).where(eq(users.id, u.id)).get();
    // Started again in another tab meanwhile: this code was for the old secret.
    if (!fresh || fresh.totpSecret !== u.totpSecret || fresh.totpEnrolledAt !== null) throw invalid('The set-up was started again elsewhere; use the newest QR code.');
    tx.update(users).set({ totpEnrolledAt: now, totpLastStep: step }).where(eq(users.id, u.id)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, u.id)).run();
    for (const codeHash of hashes) tx.insert(recoveryCodes).values({ userId: u.id, codeHash }).run();
    appendAudit(tx, actor, { action: 'two-factor.enrol', entity: 'user', entityId: u.id, after: { recoveryCodes: codes.length } });
  });
  return { recoveryCodes: codes };
}

/** Administrators: removes a user's second factor and recovery codes (lost phone), audited. */
export function resetSecondFactor(actor: Actor, userId: number): { name: string } {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage', target: `user ${userId}` });
  // Else a stolen administrator session could move the second factor to the thief's phone.
  if (userId === actor.userId) throw invalid('Another administrator must reset your own second factor.');
  return writeTx((tx) => {
    const u = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!u) throw notFound('User');
    if (u.totpSecret === null && u.totpEnrolledAt === null) throw invalid(`${u.name} has no second factor to reset.`);
    tx.update(users).set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: new Date().toISOString() }).where(eq(users.id, userId)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    appendAudit(tx, actor, { action: 'two-factor.reset', entity: 'user', entityId: userId, before: { email: u.email, enrolled: u.totpEnrolledAt !== null }, after: { email: u.email, enrolled: false } });
    return { name: u.name };
  });
}
