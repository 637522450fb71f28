import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/** Staff accounts. Role and active flag are re-read from here on every request. */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'physician', 'nurse', 'reviewer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Bumped on password change, deactivation or role change: ends every session of the user. */
  sessionVersion: integer('session_version').notNull().default(1),
  failedLogins: integer('failed_logins').notNull().default(0),
  /** Epoch milliseconds; null when not locked. */
  lockedUntil: integer('locked_until'),
  /** TOTP secret, encrypted (lib/dal/two-factor-secret.ts); set at enrolment start, never shown again. */
  totpSecret: text('totp_secret'),
  /** Epoch ms the second factor was confirmed; null while not enrolled (a pending secret has none). */
  totpEnrolledAt: integer('totp_enrolled_at'),
  /** The last accepted TOTP time step: a code of that step or an earlier one is refused (no replay). */
  totpLastStep: integer('totp_last_step'),
  /**
   * Epoch ms the account was locked for repeated wrong second-step codes (several timed
   * locks within a day, lib/dal/two-factor-lock.ts); it stays locked until an
   * administrator unlocks it. Null when not.
   */
  twoFactorLockedAt: integer('two_factor_locked_at'),
  /** The identity provider's subject (`sub`) this account is linked to for single sign-on; null for none. */
  oidcSubject: text('oidc_subject').unique(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Server-side record of each signed-in session (the JWT carries its id).
 * Gives idle timeout, absolute lifetime and sign-out that really ends the session.
 */
export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    sessionVersion: integer('session_version').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    endedAt: integer('ended_at'),
    endReason: text('end_reason'),
    /**
     * A session opened by single sign-on: the provider's ID token, sealed (AES-GCM), kept
     * only to name the session when sign-out ends it at the provider too (id_token_hint);
     * cleared when the session ends (lib/dal/sso-logout.ts).
     */
    idToken: text('id_token'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** Per-client-address sign-in throttling (accounts have their own counter in `users`). */
export const signinAttempts = sqliteTable('signin_attempts', {
  clientKey: text('client_key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: integer('window_start').notNull(),
});

/** One-time recovery codes for the second factor: argon2 hashes, shown once at enrolment. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    codeHash: text('code_hash').notNull(),
    /** Epoch ms it was used; a used code is refused. */
    usedAt: integer('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type AuthSession = typeof authSessions.$inferSelect;
