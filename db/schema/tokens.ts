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
});

export type ApiToken = typeof apiTokens.$inferSelect;
