import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * TOTP secrets are stored encrypted (AES-256-GCM), so a copy of the database alone
 * (a backup, a stolen file) does not let anyone make codes. The key is derived from
 * TITERLINE_TOTP_KEY, else NEXTAUTH_SECRET (which the app needs anyway): changing
 * NEXTAUTH_SECRET without setting TITERLINE_TOTP_KEY to the old value makes every
 * enrolled user's secret unreadable, and they must be reset (README, two-factor).
 */
const VERSION = 'v1';
const TOTP_PURPOSE = 'titerline-totp-secret-v1';

/** `purpose` separates keys (HKDF info): the TOTP secrets' one is the original, unchanged. */
function key(purpose: string): Buffer {
  const source = process.env.TITERLINE_TOTP_KEY?.trim() || process.env.NEXTAUTH_SECRET?.trim();
  if (!source) throw new Error('Two-factor sign-in needs NEXTAUTH_SECRET (or TITERLINE_TOTP_KEY) to protect its secrets.');
  return Buffer.from(hkdfSync('sha256', source, 'titerline', purpose, 32));
}

export function sealSecret(base32: string, purpose = TOTP_PURPOSE): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv);
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The base32 secret, or null when it cannot be opened (another key, tampering). */
export function openSecret(sealed: string, purpose = TOTP_PURPOSE): string | null {
  const [version, data] = sealed.split(':');
  if (version !== VERSION || !data) return null;
  try {
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key(purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
