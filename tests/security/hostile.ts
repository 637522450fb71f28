/**
 * Random and adversarial input for the hostile-input tests (Hardening, item 2): wrong
 * types, huge strings, unicode (RTL overrides, zero-width, emoji, lone surrogates),
 * SQL and HTML fragments, extreme numbers, far dates, arrays and objects where strings
 * are expected, prototype keys.
 */
import fc from 'fast-check';
import type { Fields } from './registry';

export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', ' \t\n ', '\u0000', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '1e308', '-1e308', '1e309', '-1', '-0', '0', '0.0000001',
  '1.5', '7.5', '9007199254740993', '99999999999999999999', '0x10', '0b11', '1e3', '١٢', '１２', '+5', '5e-324', ' 12 ', '12abc', '1,5', '1_000',
  '0001-01-01', '9999-12-31', '0000-00-00', '2024-02-30', '2023-02-29', '1899-12-31', '2024-13-01', '2024-1-1', '20240101',
  '2024-01-01T00:00:00Z', '+010000-01-01', '-000001-01-01', '2024-01-01\n',
  "' OR '1'='1", "'; DROP TABLE patients; --", '" OR ""="', '%', '_', '%_%', '\\', '`', "1); DELETE FROM audit_events; --",
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}',
  '\u202Eevil\u202C', '\u200B', '\u200B\u200C\u200D\uFEFF', '\uFEFF', '👩‍⚕️🧪💉', '🏳️‍🌈', 'e\u0301', '\uD800', '\uDFFF', 'Ω≈ç√∫', 'İ', '𝕏𝕐ℤ',
  '[object Object]', '{}', '[]', '{"a":1}', '[1,2,3]', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'true', 'false', 'on', 'off', 'yes', 'no',
  'admin', 'physician', 'nurse', 'reviewer', 'root', 'ADMIN', 'admin ',
  '../../etc/passwd', 'C:\\Windows\\system32', '=cmd|" /C calc"!A0', '+1+1', '@SUM(1)',
  `tl_${'A'.repeat(43)}`,
];

/** Up to ~100k UTF-16 units each. */
export const HUGE_STRINGS: readonly string[] = [
  'x'.repeat(100_000), '𝕏'.repeat(50_000), '\u200B'.repeat(100_000), '<b>'.repeat(33_000), '9'.repeat(100_000), '1,'.repeat(50_000), `${'\u202E'.repeat(10)}${'é'.repeat(99_990)}`,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 15 }) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map(String) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$ACTION_ID_0', '$ACTION_REF_1', 'id', 'patientId', 'rowId', 'visitId', 'epochId',
    'signalId', 'role', 'kind', 'password', 'userId', 'createdBy', 'enteredInError', 'version', 'active', 'valueUL', 'mmtTotal', 'allowDuplicate'),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value a client could send where one field is expected. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(-1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, 0.5, 7.5, 1e21, null, true, false) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---------------------------------------------------------------- forms

export interface FormMutation {
  /** Field (by index into the valid form's keys) replaced by a hostile value. */
  replace: [number, string][];
  drop: number[];
  extra: [string, string][];
  /** A second value for a field: an array where one string is expected. */
  repeat: [number, string][];
  /** A file where a string is expected. */
  asFile: [number, string][];
}

export const formMutation: fc.Arbitrary<FormMutation> = fc.record({
  replace: fc.array(fc.tuple(fc.nat(), hostileString), { minLength: 1, maxLength: 4 }),
  drop: fc.array(fc.nat(), { maxLength: 2 }),
  extra: fc.array(fc.tuple(hostileKey, hostileString), { maxLength: 2 }),
  repeat: fc.array(fc.tuple(fc.nat(), hostileString), { maxLength: 2 }),
  asFile: fc.array(fc.tuple(fc.nat(), hostileString), { maxLength: 1 }),
});

/** The valid form with the mutation applied, as the FormData a browser (or a forged request) would post. */
export function mutateForm(base: Fields, m: FormMutation): FormData {
  const fields = new Map<string, (string | File)[]>(Object.entries(base).map(([k, v]) => [k, [v]]));
  const keys = [...fields.keys()];
  const at = (i: number) => keys[i % Math.max(1, keys.length)];
  for (const [i, v] of m.replace) { const k = at(i); if (k !== undefined) fields.set(k, [v]); }
  for (const i of m.drop) { const k = at(i); if (k !== undefined) fields.delete(k); }
  for (const [i, v] of m.repeat) { const k = at(i); if (k !== undefined) fields.set(k, [...(fields.get(k) ?? []), v]); }
  for (const [i, v] of m.asFile) { const k = at(i); if (k !== undefined) fields.set(k, [new File([v], 'x.txt', { type: 'text/plain' })]); }
  for (const [k, v] of m.extra) fields.set(k, [...(fields.get(k) ?? []), v]);
  const fd = new FormData();
  for (const [k, values] of fields) for (const v of values) fd.append(k, v);
  return fd;
}

// ---------------------------------------------------------------- JSON bodies

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type PathStep = string | number;

function paths(value: unknown, prefix: PathStep[] = [], out: PathStep[][] = []): PathStep[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: PathStep[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') return root.map((v, i) => (i === head ? setAt(v, rest, value) : v));
  if (root !== null && typeof root === 'object' && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
    Object.defineProperty(copy, head, { value: setAt(copy[head], rest, value), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return root;
}

export interface JsonMutation {
  /** Node (by index into every path of the valid body, the root included) replaced by a hostile value. */
  replace: [number, unknown][];
  extra: [string, unknown][];
}

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  replace: fc.array(fc.tuple(fc.nat(), hostileJson), { minLength: 1, maxLength: 4 }),
  extra: fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }),
});

/** The valid JSON body with hostile values put at random places (never at the root: see rawBody). */
export function mutateJson(base: unknown, m: JsonMutation): unknown {
  const all = paths(base).filter((p) => p.length > 0);
  let out = base;
  for (const [i, v] of m.replace) {
    const p = all[i % Math.max(1, all.length)];
    if (p) out = setAt(out, p, v);
  }
  if (out !== null && typeof out === 'object' && !Array.isArray(out)) for (const [k, v] of m.extra) out = setAt(out, [k], v);
  return out;
}

/** Bodies that are not the JSON object a route expects at all. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v as Json)),
  fc.constantFrom(
    '{', '[1,2]', 'null', '"text"', '{"kind":"enzyme","value":1e999}', '{"__proto__":{"kind":"enzyme"}}', '{"constructor":{"prototype":{"x":1}}}',
    `{"kind":"enzyme","pad":"${'x'.repeat(70_000)}"}`, '\uFEFF{}', '{"resourceType":"Bundle","type":"collection","entry":"x"}',
    '{"resourceType":"Bundle","type":"transaction","entry":[null,1,"x",{"resource":null}]}', '{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation"}}]}',
  ),
);

export const CONTENT_TYPES: readonly string[] = [
  'application/json', 'application/fhir+json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', '', 'application/jsonx', 'APPLICATION/JSON',
];
