import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Secret, TOTP } from 'otpauth';
import { acceptedStep, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, stepAt, totpUri } from '@/lib/dal/two-factor-codes';

const app = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
const NOW = Date.UTC(2026, 11, 5, 12, 0, 10);

describe('TOTP codes (RFC 6238) as an authenticator app makes them', () => {
  const secret = newTotpSecret();
  it('accepts the current code and answers its step', () => {
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW }), null, NOW)).toBe(stepAt(NOW));
  });
  it('accepts a phone one step slow or fast, not two', () => {
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW - 30_000 }), null, NOW)).toBe(stepAt(NOW) - 1);
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW + 30_000 }), null, NOW)).toBe(stepAt(NOW) + 1);
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW - 60_000 }), null, NOW)).toBeNull();
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW + 60_000 }), null, NOW)).toBeNull();
  });
  it('refuses a code of a step already used, or older', () => {
    const code = app(secret).generate({ timestamp: NOW });
    expect(acceptedStep(secret, code, stepAt(NOW), NOW)).toBeNull();
    expect(acceptedStep(secret, app(secret).generate({ timestamp: NOW - 30_000 }), stepAt(NOW), NOW)).toBeNull();
    expect(acceptedStep(secret, code, stepAt(NOW) - 1, NOW)).toBe(stepAt(NOW));
  });
  it('accepts spaces the app shows, refuses anything that is not six digits', () => {
    const code = app(secret).generate({ timestamp: NOW });
    expect(acceptedStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, NOW)).toBe(stepAt(NOW));
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`, '١٢٣٤٥٦']) expect(acceptedStep(secret, bad, null, NOW)).toBeNull();
  });
  it('refuses the code of another secret (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (t) => {
      const other = newTotpSecret();
      const code = app(other).generate({ timestamp: t });
      const mine = [-1, 0, 1].map((d) => app(secret).generate({ timestamp: t + d * 30_000 }));
      return mine.includes(code) || acceptedStep(secret, code, null, t) === null;
    }), { numRuns: 50 });
  });
  it('puts the issuer and the account in the QR code address', () => {
    const uri = totpUri(secret, 'ada@clinic.test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Titerline:ada%40clinic\.test\?/);
    expect(uri).toContain(`secret=${secret}`);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of the form XXXXX-XXXXX without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
  });
  it('are read back however they are typed, and nothing else is', () => {
    const [c] = newRecoveryCodes();
    expect(normalizeRecoveryCode(c!.toLowerCase().replace('-', ' '))).toBe(c);
    expect(normalizeRecoveryCode(c!.replace('-', ''))).toBe(c);
    for (const bad of ['', '123456', 'ABCDE-1234O', 'ABCDE-ABCDEF', 'x'.repeat(10_000)]) expect(normalizeRecoveryCode(bad)).toBeNull();
  });
});
