/**
 * A plain decimal ("12500", "12.5") in English words ("twelve thousand five hundred",
 * "twelve point five"), for the message that refuses a number whose meaning depends
 * on the separator convention: words cannot be misread in either convention, where
 * "12500" and "12.5" side by side still ask the reader to count digits. Pure.
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', ' thousand', ' million', ' billion'];

/** 1..999 in words. */
function hundreds(n: number): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const tens = rest < 20 ? ONES[rest]! : `${TENS[Math.floor(rest / 10)]!}${rest % 10 ? `-${ONES[rest % 10]!}` : ''}`;
  if (!h) return tens;
  return rest ? `${ONES[h]!} hundred ${tens}` : `${ONES[h]!} hundred`;
}

/** Digits of a whole number (no sign, no marks, at most 12 significant digits) in words. */
function wholeInWords(digits: string): string {
  const n = Number(digits);
  if (n === 0) return 'zero';
  const parts: string[] = [];
  for (let scale = 0, rest = n; rest > 0; scale++, rest = Math.floor(rest / 1000)) {
    const group = rest % 1000;
    if (group) parts.unshift(`${hundreds(group)}${SCALES[scale]!}`);
  }
  return parts.join(' ');
}

/**
 * "-1250.05" -> "minus one thousand two hundred fifty point zero five"; trailing zeros
 * after the point are not said. Anything else,
 * and numbers too long to say (more than 12 digits before the point or 6 after), are
 * returned as they are.
 */
export function numberInWords(plain: string): string {
  const m = /^([-+]?)(\d*)(?:\.(\d+))?$/.exec(plain);
  if (!m || (!m[2] && !m[3]) || (m[3]?.length ?? 0) > 6 || (m[2] ?? '').replace(/^0+/, '').length > 12) return plain;
  const sign = m[1] === '-' ? 'minus ' : '';
  const whole = wholeInWords(m[2] || '0');
  const digits = (m[3] ?? '').replace(/0+$/, ''); // 12.500 is said "twelve point five"
  const fraction = digits ? ` point ${[...digits].map((d) => ONES[Number(d)]!).join(' ')}` : '';
  return `${sign}${whole}${fraction}`;
}
