/**
 * The REST API's own rule on top of the field rules every path shares
 * (lib/validation/field-rules.ts): numbers are JSON numbers. A form or a CSV cell is
 * text, so "950" there is read as decimal text; in JSON, "950" (a string) is a client
 * sending the wrong type, and "0x10" was stored as 16 (issue 17). Refused with 422,
 * naming the field and how to send it. A field the body does not take is refused
 * the same way (assertKnownFields). Pure.
 */
import { invalid, type FieldErrors } from '../errors';
import { NUMBER_RULES } from '../validation/field-rules';
import { LAB_RESULT_FIELDS, unknownFieldsMessage } from './schemas/lab-results';

const NUMBER_FIELDS = {
  antibody: { value: NUMBER_RULES.antibodyValue.label, cutoff: NUMBER_RULES.antibodyCutoff.label },
  enzyme: { value: NUMBER_RULES.enzymeValue.label, lowerLimit: NUMBER_RULES.enzymeLowerLimit.label, upperLimit: NUMBER_RULES.enzymeUpperLimit.label },
} as const;

const shown = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 23)}…` : s);

/** Throws `invalid` when a numeric field of a lab-result body is sent as text. */
export function assertJsonNumbers(kind: keyof typeof NUMBER_FIELDS, body: Record<string, unknown>): void {
  const errors: FieldErrors = {};
  for (const [field, label] of Object.entries(NUMBER_FIELDS[kind])) {
    const v = body[field];
    if (typeof v !== 'string') continue;
    const censored = /^\s*([<>])\s*(\d+(?:\.\d+)?)\s*$/.exec(v);
    errors[field] = [censored && kind === 'antibody' && field === 'value'
      ? `${label} ${shown(v)} is text: send the number as "value": ${censored[2]} and the sign as "comparator": "${censored[1]}".`
      : `${label} must be sent as a JSON number (such as 950) or null, not as text (${shown(v)}).`];
  }
  const fields = Object.keys(errors);
  if (fields.length) throw invalid(fields.length === 1 ? errors[fields[0]!]![0]! : 'Please correct the fields listed.', errors);
}

/**
 * Throws `invalid` when the body has a field the kind does not take ("reference_high",
 * "upperLimt"): named in the message and in `fields`, with the fields it takes. Checked
 * before anything else of the body, so a misnamed range is never dropped in favour of
 * the site default. The schema is strict too (lib/api/schemas/lab-results.ts).
 */
export function assertKnownFields(kind: keyof typeof LAB_RESULT_FIELDS, body: Record<string, unknown>): void {
  const allowed: readonly string[] = LAB_RESULT_FIELDS[kind];
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (!unknown.length) return;
  const message = unknownFieldsMessage(kind, unknown, allowed);
  // At most 5 keys under `fields` (a 64 KB body can hold thousands); no prototype for a "__proto__" key.
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  for (const k of unknown.slice(0, 5)) errors[k.slice(0, 40)] = [message];
  throw invalid(message, errors);
}
