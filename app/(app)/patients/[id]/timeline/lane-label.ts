/**
 * A treatment lane's label on the chart's narrow axis: at most two lines of 14
 * characters, a bracketed explanation dropped first ("IVIG (intravenous
 * immunoglobulin)" -> "IVIG"), a long word broken with a hyphen
 * ("Methylprednis-" / "olone") rather than cut with an ellipsis. The full name is in
 * the bar's tooltip, the key under the chart and the flowsheet.
 */
export const LANE_LINE = 14;

function breakWord(word: string): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest.length > LANE_LINE) {
    parts.push(`${rest.slice(0, LANE_LINE - 1)}-`);
    rest = rest.slice(LANE_LINE - 1);
  }
  return [...parts, rest];
}

export function laneLabel(name: string): string[] {
  const plain = name.length > LANE_LINE ? name.replace(/\s*\([^)]*\)\s*/g, ' ').trim() || name : name;
  const lines: string[] = [];
  for (const word of plain.split(/\s+/).flatMap(breakWord)) {
    const last = lines.at(-1);
    if (last !== undefined && !last.endsWith('-') && `${last} ${word}`.length <= LANE_LINE) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= 2) return lines;
  // Three lines or more: the second ends with an ellipsis (the key below names the drug in full).
  return [lines[0]!, `${lines[1]!.replace(/-$/, '').slice(0, LANE_LINE - 1)}…`];
}
