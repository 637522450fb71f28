import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { assays, codeMappings, users, type CodeMapping } from '@/db/schema';
import {
  CodeMap, normalizeSenderCode, parseSenderKey, parseTargetValue, targetFits, targetValue, TEXT_SYSTEM, type CodeMapEntry, type MapTarget, type SenderCode,
} from '../domain/fhir/import-code-map';
import { can } from '../permissions';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx, type Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

/** The stored target of a row. */
function targetOf(r: CodeMapping): MapTarget | null {
  if (r.targetKind === 'assay') return r.assayId === null ? null : { kind: 'assay', assayId: r.assayId };
  if (r.targetKind === 'ignore') return { kind: 'ignore' };
  return parseTargetValue(`${r.targetKind}:${r.targetCode ?? ''}`);
}

/** Columns of a target. */
function targetColumns(t: MapTarget): Pick<CodeMapping, 'targetKind' | 'assayId' | 'targetCode'> {
  if (t.kind === 'assay') return { targetKind: 'assay', assayId: t.assayId, targetCode: null };
  if (t.kind === 'ignore') return { targetKind: 'ignore', assayId: null, targetCode: null };
  return { targetKind: t.kind, assayId: null, targetCode: targetValue(t).slice(t.kind.length + 1) };
}

/** The confirmed, active mappings (every import reads them; no permission: the import checked its own). */
export function loadCodeMap(tx: Reader): CodeMap {
  const rows = tx.select().from(codeMappings).where(eq(codeMappings.active, true)).all();
  const entries: CodeMapEntry[] = [];
  for (const r of rows) {
    const target = targetOf(r);
    if (target) entries.push({ id: r.id, domain: r.domain, application: r.senderApplication, facility: r.senderFacility, system: r.codeSystem, code: r.code, target });
  }
  return new CodeMap(entries);
}

const words = (label: string, max: number) => z.string({ error: `${label} must be text.` }).trim().max(max, `${label} must be at most ${max} characters.`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${label} must be one line of text.`);

const confirmSchema = z.object({
  key: z.unknown().transform((k, ctx) => parseSenderKey(k) ?? (ctx.addIssue({ code: 'custom', message: 'This sender code is not one the preview offered: preview the Bundle again.' }), z.NEVER)),
  target: z.unknown().transform((t, ctx) => parseTargetValue(t) ?? (ctx.addIssue({ code: 'custom', message: 'Choose what this code is from the list.' }), z.NEVER)),
  display: words('The sender\'s name for the code', 200).optional().transform((s) => s ?? ''),
  unit: words('The unit', 40).optional().transform((s) => s ?? ''),
});

const manualSchema = z.object({
  domain: z.enum(['lab', 'drug'], { error: 'Choose lab result or drug.' }),
  facility: words('Performing lab', 200).optional().transform((s) => s ?? ''),
  /** HL7 v2 feeds: the sending application (MSH-3) whose codes these are; empty for FHIR. */
  application: words('Sending application', 200).optional().transform((s) => s ?? ''),
  system: words('Code system', 200).min(1, 'Give the code system (for a name without a code: text).'),
  code: words('Code', 200).min(1, 'Give the sender\'s code (or its name, for code system text).'),
  target: z.unknown().transform((t, ctx) => parseTargetValue(t) ?? (ctx.addIssue({ code: 'custom', message: 'Choose what this code is from the list.' }), z.NEVER)),
  display: words('The sender\'s name for the code', 200).optional().transform((s) => s ?? ''),
});

/** A target must exist and be usable: an assay in the catalog and active; the kind must fit lab or drug codes. */
function checkTarget(tx: Reader, code: SenderCode, target: MapTarget): void {
  if (!targetFits(code.domain, target)) throw invalid(code.domain === 'lab' ? 'A lab code maps to an assay, an enzyme, or "not imported".' : 'A drug code maps to a drug, or "not recorded".', { target: ['Choose an option of the list.'] });
  if (target.kind !== 'assay') return;
  const assay = tx.select().from(assays).where(eq(assays.id, target.assayId)).get();
  if (!assay) throw invalid('Choose an assay from the catalog.', { target: ['Unknown assay.'] });
  if (!assay.active) throw invalid(`The assay "${assay.name}" is deactivated; choose an active one.`, { target: ['This assay is deactivated.'] });
}

function activeFor(tx: Reader, c: SenderCode): CodeMapping | undefined {
  return tx.select().from(codeMappings).where(and(eq(codeMappings.domain, c.domain), eq(codeMappings.senderApplication, c.application), eq(codeMappings.senderFacility, c.facility),
    eq(codeMappings.codeSystem, c.system), eq(codeMappings.code, c.code), eq(codeMappings.active, true))).get();
}

function insertMapping(actor: Actor, code: SenderCode, target: MapTarget, extra: { display: string; unit: string }): CodeMapping {
  return writeTx((tx) => {
    checkTarget(tx, code, target);
    const existing = activeFor(tx, code);
    if (existing) throw conflict('This sender code is already mapped (perhaps by a colleague a moment ago): preview again, or change it under Admin, Code map.');
    const now = new Date().toISOString();
    const row = tx.insert(codeMappings).values({
      domain: code.domain, senderApplication: code.application, senderFacility: code.facility, codeSystem: code.system, code: code.code,
      display: extra.display, unit: extra.unit, ...targetColumns(target), active: true, confirmedBy: actor.userId, createdAt: now, updatedAt: now,
    }).returning().get();
    appendAudit(tx, actor, { action: 'code-map.create', entity: 'code-map', entityId: row.id, after: row });
    return row;
  });
}

/**
 * Confirms what a sender code offered in the import preview is (issue 18, item 2):
 * stored and audited; later imports use it without asking. Needs 'code-map:manage'.
 */
export function confirmCodeMapping(actor: Actor, input: unknown): CodeMapping {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  const data = parseOrThrow(confirmSchema, input);
  return insertMapping(actor, data.key, data.target, { display: data.display, unit: data.unit });
}

/** Adds a mapping by hand (Admin, Code map): a sender code known before its first message. */
export function createCodeMapping(actor: Actor, input: unknown): CodeMapping {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  const d = parseOrThrow(manualSchema, input);
  const system = d.system.toLowerCase() === 'text' ? TEXT_SYSTEM : d.system;
  const code = normalizeSenderCode({ domain: d.domain, application: d.domain === 'drug' ? '' : d.application, facility: d.domain === 'drug' ? '' : d.facility, system, code: d.code });
  return insertMapping(actor, code, d.target, { display: d.display, unit: '' });
}

/** Every mapping, active first, with who confirmed it last, for Admin, Code map. */
export function listCodeMappings(actor: Actor): (CodeMapping & { confirmedByName: string | null })[] {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  return getDb().select({ m: codeMappings, name: users.name }).from(codeMappings).leftJoin(users, eq(users.id, codeMappings.confirmedBy))
    .orderBy(asc(codeMappings.domain), asc(codeMappings.senderFacility), asc(codeMappings.code), asc(codeMappings.id)).all()
    .map((r) => ({ ...r.m, confirmedByName: r.name }))
    .sort((a, b) => Number(b.active) - Number(a.active));
}

/**
 * Changes what a mapping says (Admin, Code map). Only later imports are affected:
 * results already stored keep their assay (a wrong one is corrected on the result).
 */
export function updateCodeMapping(actor: Actor, id: number, targetInput: unknown): CodeMapping {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  const target = parseTargetValue(targetInput);
  if (!target) throw invalid('Choose what this code is from the list.', { target: ['Choose an option of the list.'] });
  return writeTx((tx) => {
    const before = tx.select().from(codeMappings).where(eq(codeMappings.id, id)).get();
    if (!before) throw notFound('Code mapping');
    checkTarget(tx, { domain: before.domain, application: before.senderApplication, facility: before.senderFacility, system: before.codeSystem, code: before.code }, target);
    const after = tx.update(codeMappings).set({ ...targetColumns(target), confirmedBy: actor.userId, updatedAt: new Date().toISOString() }).where(eq(codeMappings.id, id)).returning().get();
    appendAudit(tx, actor, { action: 'code-map.update', entity: 'code-map', entityId: id, before, after });
    return after;
  });
}

/** Retires (or restores) a mapping: a retired code is asked about again at the next import. */
export function setCodeMappingActive(actor: Actor, id: number, active: boolean): CodeMapping {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  return writeTx((tx) => {
    const before = tx.select().from(codeMappings).where(eq(codeMappings.id, id)).get();
    if (!before) throw notFound('Code mapping');
    if (before.active === active) return before;
    if (active && activeFor(tx, { domain: before.domain, application: before.senderApplication, facility: before.senderFacility, system: before.codeSystem, code: before.code })) {
      throw conflict('Another mapping of this sender code is active: retire that one first.');
    }
    const after = tx.update(codeMappings).set({ active, updatedAt: new Date().toISOString() }).where(eq(codeMappings.id, id)).returning().get();
    appendAudit(tx, actor, { action: active ? 'code-map.activate' : 'code-map.retire', entity: 'code-map', entityId: id, before, after });
    return after;
  });
}

export { targetOf as mappingTarget };
