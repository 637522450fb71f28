/**
 * How a measured number and a multiple of a limit are written, so that rounding never
 * moves a value onto, or across, the limit it is read against (review r4: aldolase
 * 7.64 U/L shown "7.6 U/L H" beside "≤ 7.6 U/L"). Pure and tiny: client components
 * import it too.
 */

/**
 * Decimals of a number as stored: what was typed or reported (7.64 has 2), or a
 * µkat/L conversion already cut to 12 significant digits (lib/domain/enzymes.ts
 * `toUL`). Writing a number with these decimals writes it exactly as stored.
 */
export function storedDecimals(n: number): number {
  if (!Number.isFinite(n)) return 0;
  const [mantissa = '', exponent = '0'] = String(Math.abs(n)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.min(20, Math.max(0, fraction - Number(exponent)));
}

/** A number exactly as stored, no trailing zeros and no thousands separator: 7.64 -> "7.64", 207 -> "207". */
export function storedText(n: number): string {
  return String(Number.parseFloat(n.toFixed(storedDecimals(n))));
}

/**
 * A multiple of a limit (x cut-off, x ULN) with at most 2 decimals, more when rounding
 * would land on the limit itself: 1.0013 is "1.001", never "1" (which reads as at the
 * limit while the flag says above it). Exactly 1 stays "1".
 */
export function multipleText(x: number): string {
  let digits = 2;
  while (digits < 6 && x !== 1 && Number(x.toFixed(digits)) === 1) digits += 1;
  return String(Number.parseFloat(x.toFixed(digits)));
}
