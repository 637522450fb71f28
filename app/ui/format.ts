/** Number formatting for clinical tables: no trailing noise, units always beside. */
export function fmtNum(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}
