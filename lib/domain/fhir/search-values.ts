/**
 * Values of FHIR R4 search parameters (https://hl7.org/fhir/R4/search.html): tokens
 * (`system|code`), dates with a prefix (`ge2024-01`), references (`Patient/12`),
 * instants (`_since`). Each parser returns the value or a message saying what is
 * allowed; nothing here throws. Pure.
 */

/** `code` (any system), `system|code`, `|code` (no system), `system|` (any code of the system). */
export interface TokenParam { system?: string | null; code?: string }

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A comma-separated list of tokens (OR); `\,` is a literal comma, as FHIR escapes it. */
export function parseTokens(raw: string, name: string): Parsed<TokenParam[]> {
  const parts = raw.split(/(?<!\\),/).map((p) => p.replace(/\\,/g, ','));
  const out: TokenParam[] = [];
  for (const part of parts) {
    if (!part) return fail(`${name}: an empty value; use code, system|code or |code.`);
    const bar = part.indexOf('|');
    if (bar < 0) out.push({ code: part });
    else {
      const system = part.slice(0, bar);
      const code = part.slice(bar + 1);
      if (!system && !code) return fail(`${name}: "|" alone names nothing; use code, system|code or |code.`);
      out.push({ system: system || null, ...(code ? { code } : {}) });
    }
  }
  return { ok: true, value: out };
}

/** True when a coding matches one token of the list. */
export function tokenMatches(tokens: readonly TokenParam[], coding: { system?: string; code?: string }): boolean {
  return tokens.some((t) => {
    if (t.system === null && coding.system) return false;
    if (t.system && t.system !== coding.system) return false;
    return t.code === undefined || t.code === coding.code;
  });
}

export const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];
/** A date search value as the whole days it covers: `2024` is 2024-01-01..2024-12-31. */
export interface DateParam { prefix: DatePrefix; start: string; end: string }

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * `[prefix]YYYY[-MM[-DD[Thh:mm[:ss]zone]]]`. Titerline's clinical dates are days,
 * so a time narrows nothing: the value counts as its calendar day.
 */
export function parseDateParam(raw: string, name: string): Parsed<DateParam> {
  const m = /^([a-z]{2})?(.*)$/.exec(raw);
  const prefix = (m?.[1] ?? 'eq') as DatePrefix;
  if (m?.[1] === 'ap') return fail(`${name}: the "ap" (approximately) prefix is not supported; use ge and le.`);
  if (!(DATE_PREFIXES as readonly string[]).includes(prefix)) return fail(`${name}: unknown prefix "${m?.[1] ?? ''}"; use eq, ne, gt, lt, ge, le, sa or eb.`);
  const d = DATE.exec(m?.[2] ?? '');
  if (!d) return fail(`${name}: "${raw.slice(0, 40)}" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD with an optional prefix (ge2024-01-01).`);
  const y = Number(d[1]);
  const month = d[2] ? Number(d[2]) : null;
  const day = d[3] ? Number(d[3]) : null;
  if (month !== null && (month < 1 || month > 12)) return fail(`${name}: month ${d[2]} does not exist.`);
  if (month !== null && day !== null && (day < 1 || day > lastDay(y, month))) return fail(`${name}: ${d[1]}-${d[2]}-${d[3]} does not exist.`);
  const start = `${d[1]}-${pad(month ?? 1)}-${pad(day ?? 1)}`;
  const end = `${d[1]}-${pad(month ?? 12)}-${pad(day ?? lastDay(y, month ?? 12))}`;
  return { ok: true, value: { prefix, start, end } };
}

/** True when the day `d` (YYYY-MM-DD) satisfies the date parameter (R4 search, "date"). */
export function dateMatches(p: DateParam, d: string): boolean {
  switch (p.prefix) {
    case 'eq': return d >= p.start && d <= p.end;
    case 'ne': return d < p.start || d > p.end;
    case 'gt': case 'sa': return d > p.end;
    case 'lt': case 'eb': return d < p.start;
    case 'ge': return d >= p.start;
    case 'le': return d <= p.end;
  }
}

/**
 * A reference to a patient as a search value: `12`, `Patient/12` or `<base>/Patient/12`.
 * Ids are database ids; a well-formed reference to an id that cannot exist matches nothing (null).
 */
export function parsePatientReference(raw: string, name: string): Parsed<number | null> {
  const m = /^(?:(?:https?:\/\/[^?#]*\/)?Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(raw);
  if (!m?.[1]) return fail(`${name}: "${raw.slice(0, 60)}" is not a Patient reference; use Patient/{id}.`);
  return { ok: true, value: /^[1-9]\d{0,15}$/.test(m[1]) ? Number(m[1]) : null };
}

/** An instant (`_since`): a date-time with seconds and a time zone, as R4 requires. */
export function parseInstant(raw: string, name: string): Parsed<string> {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    return fail(`${name}: "${raw.slice(0, 40)}" is not an instant; use YYYY-MM-DDThh:mm:ssZ (with seconds and a time zone).`);
  }
  return { ok: true, value: new Date(raw).toISOString() };
}

/** A whole number from `min` to `max` (`_count`, `_offset`). */
export function parseWhole(raw: string, name: string, min: number, max: number): Parsed<number> {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) return fail(`${name} must be a whole number from ${min} to ${max}.`);
  return { ok: true, value: Number(raw) };
}
