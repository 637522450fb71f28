import type { z } from 'zod';
import { invalid, type FieldErrors } from '../errors';

/**
 * Parses with a zod schema or throws an `invalid` AppError carrying every field's
 * messages (not just the first), keyed by field path.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, field = '_form'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : field;
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = Object.values(fieldErrors)[0]?.[0] ?? 'Invalid input.';
  throw invalid(Object.keys(fieldErrors).length > 1 ? 'Please correct the highlighted fields.' : first, fieldErrors);
}
