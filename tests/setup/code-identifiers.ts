/**
 * Finds code identifiers and file paths in text a clinician reads: camelCase field names
 * (collectedOn, valueUL), snake_case (reference_high), stored codes (titer-declining,
 * mi2-alpha, ukat/L, Mi-2alpha) and file references (docs/, .md, .ts). Used by the unit
 * scan over message catalogs and the browser scan of rendered pages.
 */
import { ANALYTES } from '@/lib/domain/types';
import { SIGNAL_CODES } from '@/lib/domain/signals';

/** Real words that look like code: units and names clinicians write this way. */
const ALLOWED = new Set(['mmHg', 'eGFR', 'pH', 'mL', 'dL', 'mg/dL', 'mmol/L', 'kDa', 'IgG', 'IgM', 'doi']);

const PATTERNS: { what: string; re: RegExp }[] = [
  { what: 'camelCase name', re: /\b[a-z]+(?:[A-Z][a-z0-9]*)+[A-Z]?\b/g },
  { what: 'snake_case name', re: /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g },
  { what: 'file path', re: /\bdocs\/|\b[\w-]+\.(?:md|tsx?)\b/g },
  { what: 'stored code', re: new RegExp(`(?<![\\w-])(?:${[...SIGNAL_CODES, ...ANALYTES].map((c) => c.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`, 'g') },
  { what: 'code spelling', re: /(?<!written )\bukat\/L\b|Mi-2(?:alpha|beta)\b/g },
];

/** Each code-like word found, with what it looks like ("camelCase name: collectedOn"). */
export function codeIdentifiers(text: string): string[] {
  const found: string[] = [];
  for (const { what, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      if (!ALLOWED.has(m[0])) found.push(`${what}: ${m[0]}`);
    }
  }
  return found;
}
