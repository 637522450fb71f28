import { describe, expect, it } from 'vitest';
import { LANE_LINE, laneLabel } from '@/app/(app)/patients/[id]/timeline/lane-label';

describe('treatment lane labels wrap instead of being cut', () => {
  it('keeps short names, drops a bracketed explanation, wraps words and breaks a long word with a hyphen', () => {
    expect(laneLabel('Methotrexate')).toEqual(['Methotrexate']);
    expect(laneLabel('IVIG (intravenous immunoglobulin)')).toEqual(['IVIG']);
    expect(laneLabel('Methylprednisolone')).toEqual(['Methylprednis-', 'olone']);
    expect(laneLabel('Mycophenolate mofetil')).toEqual(['Mycophenolate', 'mofetil']);
  });

  it('never returns more than two lines, none longer than the axis allows', () => {
    for (const name of ['A very long drug name with many words', 'Supercalifragilisticexpialidocious', 'x'.repeat(200), '']) {
      const lines = laneLabel(name);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(LANE_LINE + 1);
    }
  });
});
