import { z } from 'zod';
import { readNumber, type NumberRule } from './field-rules';
import { readIsoDate, textProblem } from './text-rules';

/**
 * An ISO calendar date (YYYY-MM-DD) that exists, with one message per problem
 * (lib/validation/text-rules.ts); the DAL checks it against today and birth.
 */
export const isoDate = (label: string) =>
  z.unknown().optional().transform((raw, ctx): string => {
    const r = readIsoDate(raw, label);
    if (r.ok && r.value !== null) return r.value;
    ctx.addIssue({ code: 'custom', message: r.ok ? `${label} is required.` : r.message });
    return z.NEVER;
  });

export const optionalIsoDate = (label: string) =>
  z.unknown().optional().transform((raw, ctx): string | null => {
    const r = readIsoDate(raw, label, true);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: `${r.message.replace(/\.$/, '')}, or leave it empty.` });
    return z.NEVER;
  });

/**
 * A number entered in a form, a CSV cell, or sent as JSON, judged by its field's rule
 * (lib/validation/field-rules.ts): empty means "not given" (null), never zero.
 */
export const optionalNumber = (rule: NumberRule) =>
  z.unknown().optional().transform((raw, ctx): number | null => {
    const r = readNumber(raw, rule);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });

/** Refines a required text field with the one-line text rule (labels, units, frequencies). */
export const oneLine = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(s, label);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** Free text of at most `max` characters: one line, or several with `multiline` (notes). */
export const text = (label: string, max: number, multiline = false) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((s, ctx) => {
      const problem = s ? textProblem(s, label, multiline) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      return s ?? '';
    });

/** The reason a correction or removal needs (kept in history and the audit trail). */
export const reasonSchema = z
  .string({ error: 'A reason is required.' })
  .trim()
  .min(3, 'Give a reason of at least 3 characters (e.g. "transcription error").')
  .max(500, 'The reason must be at most 500 characters.');

const buildIdSchema = (what: string) =>
  z
    .union([z.number(), z.string().trim().regex(/^\d{1,16}$/, `Unknown ${what}.`)], { error: `Unknown ${what}.` })
    .transform(Number)
    .pipe(z.number().int(`Unknown ${what}.`).positive(`Unknown ${what}.`).max(Number.MAX_SAFE_INTEGER, `Unknown ${what}.`));

// One schema per kind of record, built once: building one took about 0.3 ms, paid on every
// record page's view before (routeId; issue 24). Schemas are immutable, so sharing is safe,
// and the kinds are a handful of words written in the code.
const idSchemas = new Map<string, ReturnType<typeof buildIdSchema>>();

/** A record id: a whole number, or its digits as text ("0x10" and "1e1" are not ids). */
export function idSchema(what: string) {
  let schema = idSchemas.get(what);
  if (!schema) idSchemas.set(what, (schema = buildIdSchema(what)));
  return schema;
}

/** A ticked checkbox arrives as "on" from a form, true from JSON or code; anything else is unticked. */
export const ticked = z.unknown().optional().transform((v) => v === true || v === 'on' || v === 'true');
