import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * Append-only, hash-chained audit trail. UPDATE and DELETE are refused by triggers
 * (see the custom migration in drizzle/). Written in the same transaction as the change.
 * `hash` is an HMAC-SHA256 under the audit key named by `key_id`, a secret kept outside
 * the database; events written before keyed signing have no key id and a plain SHA-256
 * (docs/decisions/0002-audit-chain.md).
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    userEmail: text('user_email'),
    role: text('role'),
    origin: text('origin', { enum: ['ui', 'api', 'import', 'cli', 'system', 'hl7'] }).notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    patientId: integer('patient_id'),
    beforeJson: text('before_json'),
    afterJson: text('after_json'),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** Fingerprint of the audit key that signed this event; null for the unsigned events of older versions. */
    keyId: text('key_id'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_patient_idx').on(t.patientId),
    index('audit_user_idx').on(t.userId),
    // The HL7 feed's duplicate control-ID check looks events up by what they are about.
    index('audit_entity_idx').on(t.entity, t.entityId),
  ],
);

/** Site settings (signal thresholds, session limits...), one JSON value per key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  valueJson: text('value_json').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by'),
});

export type AuditEvent = typeof auditEvents.$inferSelect;
