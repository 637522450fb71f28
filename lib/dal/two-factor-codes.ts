import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app
 * reads from a QR code) and recovery codes. Pure apart from the clock passed in.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Titerline';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

const totpFor = (base32: string, label = 'account') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(base32) });

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(base32: string, email: string): string {
  return totpFor(base32, email).toString();
}

/** The time step a moment falls in. */
export const stepAt = (nowMs: number) => Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);

/** A code as typed: digits only (spaces and dashes some apps show are dropped). */
export const normalizeTotp = (input: string) => input.replace(/[\s-]/g, '');
export const looksLikeTotp = (input: string) => /^\d{6}$/.test(normalizeTotp(input));

/**
 * The step of a valid code, or null. One step of clock skew either way is accepted
 * (a phone 30 s fast or slow), and a code of a step at or before `lastStep` is refused:
 * a code seen over someone's shoulder, or sent twice, cannot be used again.
 */
export function acceptedStep(base32: string, input: string, lastStep: number | null, nowMs: number): number | null {
  const token = normalizeTotp(input);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(base32).validate({ token, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  const step = stepAt(nowMs) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

// No 0/O, 1/I/L: codes are read off paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes like `K7QM2-XW9TR` (50 bits each), each usable once. */
export function newRecoveryCodes(): string[] {
  const one = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const c = one();
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

/** A recovery code as typed, in the form it was hashed: upper case, with its dash. */
export function normalizeRecoveryCode(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, '');
  if (bare.length !== 10 || [...bare].some((ch) => !ALPHABET.includes(ch))) return null;
  return `${bare.slice(0, 5)}-${bare.slice(5)}`;
}
