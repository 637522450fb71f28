/**
 * Session and sign-in limits. Defaults follow the foundation issue; each can be
 * changed with an environment variable (documented in the README).
 */
function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function authLimits() {
  return {
    idleMs: intFromEnv('TITERLINE_IDLE_MINUTES', 30) * 60_000,
    absoluteMs: intFromEnv('TITERLINE_SESSION_HOURS', 12) * 3_600_000,
    lockoutAttempts: intFromEnv('TITERLINE_LOCKOUT_ATTEMPTS', 5),
    lockoutMs: intFromEnv('TITERLINE_LOCKOUT_MINUTES', 15) * 60_000,
    /** Failed sign-ins allowed from one client address per lockout window. */
    clientAttempts: intFromEnv('TITERLINE_CLIENT_ATTEMPTS', 50),
    /** Locks for wrong second-step codes within 24 hours that keep an account locked until an administrator unlocks it. */
    twoFactorLockouts: intFromEnv('TITERLINE_TWO_FACTOR_LOCKOUTS', 3),
  };
}
