import { z } from 'zod';
import { addDays, isIsoDate } from '../domain/dates';
import { roleSchema } from './users';

/** A token works through its expiry date; 90 days unless chosen, at most a year (issue 20, item 6). */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
/** The tokens page warns this many days before a token expires. */
export const TOKEN_WARN_DAYS = 14;

const DATE_HINT = 'a date written YYYY-MM-DD';

/**
 * The last day a new token works: empty means TOKEN_DEFAULT_DAYS from today; anything
 * else must be a real date after today and at most TOKEN_MAX_DAYS ahead.
 */
export const expiresOnSchema = (today: string) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return addDays(today, TOKEN_DEFAULT_DAYS);
      const s = typeof v === 'string' ? v.trim() : '';
      const latest = addDays(today, TOKEN_MAX_DAYS);
      const problem = !isIsoDate(s) ? `Expiry must be ${DATE_HINT}, from tomorrow to ${latest}.`
        : s <= today ? `Expiry must be after today: a token that has already expired cannot be used (choose a date from tomorrow to ${latest}).`
          : s > latest ? `Expiry can be at most one year ahead: ${latest} at the latest.`
            : null;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return s;
    });

export const newTokenSchema = (today: string) => z.object({
  name: z.string({ error: 'Name is required.' }).trim().min(2, 'Name the integration (at least 2 characters).').max(80, 'Name must be at most 80 characters.'),
  role: roleSchema,
  expiresOn: expiresOnSchema(today),
});

/** The administrator a token is transferred to (or a deactivated owner's tokens go to). */
export const ownerIdSchema = z.coerce.number({ error: 'Choose an administrator.' }).int('Choose an administrator.').positive('Choose an administrator.').max(Number.MAX_SAFE_INTEGER, 'Choose an administrator.');
