import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { patients } from './patients';

/**
 * The code map (issue 18, docs/decisions/0027-code-map.md): which catalog
 * entry a sender's code IS, confirmed once by a person and used silently afterwards.
 * A sender is (application, facility); a code is (system, code). One shape for every
 * feed:
 * - FHIR: application '' (FHIR codes are namespaced by their system URI), facility =
 *   the performing lab as named by the Bundle (folded), system = Coding.system, code =
 *   Coding.code (a concept with text only: system urn:titerline:code-map:text, code =
 *   the folded text).
 * - HL7 v2 (later): application = MSH-3, facility = MSH-4 (or OBX-23), system = the
 *   coding system of OBX-3 (CWE-3), code = CWE-1.
 * Drugs are mapped for every sender (application and facility ''). The target is a
 * catalog assay (`assay_id`), an enzyme, a catalog drug, or "not imported".
 */
export const codeMappings = sqliteTable(
  'code_mappings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What the code stands for: a lab result (assay or enzyme, or ignored) or a drug. */
    domain: text('domain', { enum: ['lab', 'drug'] }).notNull(),
    senderApplication: text('sender_application').notNull().default(''),
    senderFacility: text('sender_facility').notNull().default(''),
    codeSystem: text('code_system').notNull(),
    code: text('code').notNull(),
    /** The sender's words for the code when it was confirmed (shown under Admin). */
    display: text('display').notNull().default(''),
    /** The unit the sender reported in when it was confirmed (lab codes; shown, and checked again on every import). */
    unit: text('unit').notNull().default(''),
    targetKind: text('target_kind', { enum: ['assay', 'enzyme', 'drug', 'ignore'] }).notNull(),
    assayId: integer('assay_id'),
    /** Enzyme analyte (ck, aldolase...) or catalog drug key. */
    targetCode: text('target_code'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    // One live answer per sender code; replaced mappings stay (inactive) for the record.
    uniqueIndex('code_mappings_key_idx').on(t.domain, t.senderApplication, t.senderFacility, t.codeSystem, t.code).where(sql`${t.active} = 1`),
  ],
);

/**
 * Identifiers a sender gave a record (issue 18, item 4): kept so that a re-sent result
 * is recognised, an amended one corrects the right row, and the export can send them
 * back (the MRN in the hospital's own system, the lab's result id). Accession numbers
 * stay in the results' `accession` column. An identifier without a system is kept but
 * never used to match: two senders' bare "12345" are not the same result.
 */
export const senderIdentifiers = sqliteTable(
  'sender_identifiers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** FHIR resource type the identifier came on: Patient, Observation, MedicationStatement. */
    resource: text('resource', { enum: ['Patient', 'Observation', 'MedicationStatement'] }).notNull(),
    /** The Titerline row: patient, antibody-result, enzyme-result, medication-epoch. */
    entity: text('entity', { enum: ['patient', 'antibody-result', 'enzyme-result', 'medication-epoch'] }).notNull(),
    entityId: integer('entity_id').notNull(),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    system: text('system').notNull().default(''),
    value: text('value').notNull(),
    /** HL7 v2 table 0203 type code when the sender typed it (MR, FILL, PLAC...). */
    typeCode: text('type_code'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('sender_identifiers_key_idx').on(t.resource, t.system, t.value).where(sql`${t.system} <> ''`),
    index('sender_identifiers_entity_idx').on(t.entity, t.entityId),
    index('sender_identifiers_patient_idx').on(t.patientId),
  ],
);

/**
 * The HL7 feed's inbox (issue 19, item 4): a message whose content could not be filed
 * (unknown MRN, unmapped code, a value the entry rules refuse, another person's name or
 * birth date) is answered AE AND kept here, in the transaction of its `hl7.refused`
 * audit event, until a nurse or physician files it again or dismisses it with a reason.
 */
export const hl7Inbox = sqliteTable(
  'hl7_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The message as received (segments separated by CR), filed again as is. */
    rawText: text('raw_text').notNull(),
    sendingApplication: text('sending_application').notNull(),
    sendingFacility: text('sending_facility').notNull(),
    controlId: text('control_id').notNull(),
    /** SHA-256 of the text: a sender re-sending the same refused message adds no second row. */
    messageHash: text('message_hash').notNull(),
    /** The patient's identifiers as sent (PID-3 MRN, PID-5 name, PID-7 birth date), for the list. */
    patientAsSent: text('patient_as_sent').notNull().default(''),
    /** Why it could not be filed, in words (the last attempt's). */
    problem: text('problem').notNull(),
    status: text('status', { enum: ['open', 'filed', 'dismissed'] }).notNull().default('open'),
    receivedAt: text('received_at').notNull(),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: text('resolved_at'),
    /** The dismissal's reason, or the filing's summary. */
    resolution: text('resolution'),
  },
  (t) => [index('hl7_inbox_status_idx').on(t.status, t.receivedAt), index('hl7_inbox_message_idx').on(t.messageHash)],
);

export type Hl7InboxMessage = typeof hl7Inbox.$inferSelect;
export type CodeMapping = typeof codeMappings.$inferSelect;
export type SenderIdentifier = typeof senderIdentifiers.$inferSelect;
