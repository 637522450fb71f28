import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * API tokens for named integrations (e.g. a lab interface). The secret is shown once;
 * only its SHA-256 is stored (tokens are 256-bit random, so a fast hash is enough).
 */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'physician', 'nurse', 'reviewer'] }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** First characters of the token, to recognise it in lists without revealing it. */
  prefix: text('prefix').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: text('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  /** Why it stopped: an administrator revoked it, or its owner was deactivated. */
  revokedReason: text('revoked_reason', { enum: ['revoked', 'owner-deactivated'] }),
  /** The accountable administrator (the creator unless transferred); deactivating them disables the token. */
  ownerId: integer('owner_id').references(() => users.id),
  /** Last clinic date the token works (YYYY-MM-DD); chosen at creation, at most a year ahead. */
  expiresOn: text('expires_on'),
});

export type ApiToken = typeof apiTokens.$inferSelect;
