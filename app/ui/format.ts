/**
 * One formatter per number of digits: `toLocaleString` builds a new Intl.NumberFormat
 * on every call (tens of microseconds), which made number formatting a visible share
 * of the patient page's server time (docs/performance.md). Same output.
 */
const formatters = new Map<number, Intl.NumberFormat>();

function formatter(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f;
}

/** Number formatting for clinical tables: no trailing noise, units always beside. */
export function fmtNum(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return formatter(digits).format(Number(n.toFixed(digits)));
}
