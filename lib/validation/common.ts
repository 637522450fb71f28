import { z } from 'zod';
import { isIsoDate } from '../domain/dates';

/** An ISO calendar date (YYYY-MM-DD) that exists; the DAL checks it against today and birth. */
export const isoDate = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .refine((s) => isIsoDate(s), `${label} must be a real date written YYYY-MM-DD.`);

export const optionalIsoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? s : null))
    .refine((s) => s === null || isIsoDate(s), `${label} must be a real date written YYYY-MM-DD, or empty.`);

/** A number typed in a form: empty means "not given" (null), never zero. */
export const optionalNumber = (label: string, min: number, max: number, unit = '') =>
  z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
      const n = typeof v === 'number' ? v : Number(v.trim().replace(',', '.'));
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number from ${min} to ${max}${unit ? ` ${unit}` : ''}.` });
        return z.NEVER;
      }
      return n;
    });

export const requiredNumber = (label: string, min: number, max: number, unit = '') =>
  optionalNumber(label, min, max, unit).refine((n): n is number => n !== null, `${label} is required.`).transform((n) => n as number);

export const text = (label: string, max: number) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters.`).optional().transform((s) => s ?? '');

/** The reason a correction or removal needs (kept in history and the audit trail). */
export const reasonSchema = z
  .string({ error: 'A reason is required.' })
  .trim()
  .min(3, 'Give a reason of at least 3 characters (e.g. "transcription error").')
  .max(500, 'The reason must be at most 500 characters.');

export const idSchema = (what: string) => z.coerce.number({ error: `Unknown ${what}.` }).int(`Unknown ${what}.`).positive(`Unknown ${what}.`).max(Number.MAX_SAFE_INTEGER);
