import { describe, expect, it } from 'vitest';
import { patientSnapshot } from '@/lib/domain/summary';
import { ck, mmtVisit, titer } from './signals-fixtures';

describe('the worklist snapshot: latest titer, CK and MMT-8 with their trend', () => {
  it('takes the latest by date, then by entry order on the same day, whatever order the rows come in', () => {
    const snap = patientSnapshot({
      antibodyResults: [titer(9, '2026-05-01', 10), titer(7, '2026-03-01', 20), titer(3, '2026-05-01', 40), titer(1, '2026-01-01', 90, { enteredInError: true })],
      enzymeResults: [ck(5, '2026-05-01', 300), ck(4, '2026-05-01', 900), ck(2, '2026-02-01', 100)],
      visits: [mmtVisit(8, '2026-05-01', 60), mmtVisit(6, '2026-05-01', 75), mmtVisit(2, '2026-01-01', 50)],
    });
    // Titer 9 (entered after 3 on the same day) is the latest; 3 on the same day is its previous.
    expect(snap.titer).toMatchObject({ on: '2026-05-01', trend: 'down' });
    expect(snap.titer?.display).toContain('10');
    // CK 5 (entered after 4 on the same day) is the latest, down from 900.
    expect(snap.ck).toMatchObject({ valueUL: 300, on: '2026-05-01', trend: 'down' });
    // Visit 8 (entered after 6 on the same day): 60 after 75.
    expect(snap.mmt).toMatchObject({ total: 60, trend: 'down' });
  });
});
