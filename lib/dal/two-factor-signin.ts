import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { recoveryCodes, users, type User } from '@/db/schema';
import { verifyPassword } from './passwords';
import { acceptedStep, looksLikeTotp, normalizeRecoveryCode } from './two-factor-codes';
import { openSecret } from './two-factor-secret';
import type { Tx } from './tx';

/**
 * The second step of a password sign-in (lib/dal/auth.ts): a TOTP code or a recovery
 * code. Failures count against the account exactly like a wrong password.
 */
export type SecondStep =
  | { ok: true; factor: 'authenticator app'; step: number }
  | { ok: true; factor: 'recovery code'; codeId: number }
  | { ok: false; why: 'code needed' | 'wrong code' | 'reused code' | 'unreadable secret' };

/** Sign-in input as sent: a trimmed string of reasonable length, or empty. */
export const codeFrom = (raw: unknown): string => (typeof raw === 'string' ? raw.trim().slice(0, 40) : '');

/**
 * The id of the unused recovery code `input` matches, or null. Argon2 is slow and
 * asynchronous, so this runs before the sign-in's transaction, which checks the code
 * is still unused. Only input shaped like a recovery code is tried.
 */
export async function matchRecoveryCode(userId: number, input: string): Promise<number | null> {
  const normalized = normalizeRecoveryCode(input);
  if (!normalized || looksLikeTotp(input)) return null;
  const rows = getDb().select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash }).from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).all();
  for (const r of rows) if (await verifyPassword(r.codeHash, normalized)) return r.id;
  return null;
}

/** Checks the code of an enrolled user (inside the sign-in transaction, on the fresh row). */
export function checkSecondStep(tx: Tx, u: User, code: string, recoveryId: number | null, now: number): SecondStep {
  if (!code) return { ok: false, why: 'code needed' };
  if (recoveryId !== null) {
    const unused = tx.select({ id: recoveryCodes.id }).from(recoveryCodes)
      .where(and(eq(recoveryCodes.id, recoveryId), eq(recoveryCodes.userId, u.id), isNull(recoveryCodes.usedAt))).get();
    return unused ? { ok: true, factor: 'recovery code', codeId: recoveryId } : { ok: false, why: 'reused code' };
  }
  const secret = u.totpSecret ? openSecret(u.totpSecret) : null;
  if (!secret) return { ok: false, why: 'unreadable secret' };
  const step = acceptedStep(secret, code, u.totpLastStep, now);
  if (step !== null) return { ok: true, factor: 'authenticator app', step };
  return { ok: false, why: acceptedStep(secret, code, null, now) !== null ? 'reused code' : 'wrong code' };
}

/** Remembers what was used: the TOTP step (no replay) or the recovery code (once). */
export function consumeSecondStep(tx: Tx, userId: number, s: Extract<SecondStep, { ok: true }>, now: number): void {
  if (s.factor === 'authenticator app') tx.update(users).set({ totpLastStep: s.step }).where(eq(users.id, userId)).run();
  else tx.update(recoveryCodes).set({ usedAt: now }).where(eq(recoveryCodes.id, s.codeId)).run();
}
