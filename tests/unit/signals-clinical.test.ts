import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/domain/dates';
import type { SignalInput } from '@/lib/domain/signals';
import { mmtText } from '@/lib/domain/signals/quiescence';
import { ck, find, has, med, mmtVisit, normalizedHistory, partialMmtVisit, run } from './signals-fixtures';

// Latest titer 2024-05-01 (negative, 90 days after the first negative).
const titers = normalizedHistory(90);
const asOf = '2024-06-01';
const quiet: Partial<SignalInput> = {
  antibodyResults: titers,
  enzymeResults: [ck(10, '2024-05-01', 150)],
  visits: [mmtVisit(20, '2024-05-01', 78)],
  medications: [med(30, '2023-06-01', null)],
};
const withPart = (part: Partial<SignalInput>) => run({ ...quiet, ...part }, asOf);

describe('clinical-quiescence (counted back from today)', () => {
  it('fires with a normal CK and a near-full complete MMT-8, each in the last 6 months', () => {
    const s = find(run(quiet, asOf), 'clinical-quiescence');
    expect(s).toMatchObject({ level: 'info', since: '2024-05-01', resultIds: { antibody: [], enzyme: [10], visit: [20] } });
    expect(s?.explanation).toBe(
      'CK 150 U/L (ULN 200) on 2024-05-01, and MMT-8 78/80 (97.5%) on 2024-05-01: normal muscle enzymes in the last 6 months ' +
        'and at least 95% of full strength in the last 6 months, with no later exam showing less.',
    );
  });

  it.each([
    ['2023-12-01', true], // 6 calendar months before 2024-06-01
    ['2023-11-30', false],
  ])('CK on %s (as of 2024-06-01, window 6 months) -> %s', (date, fires) => {
    expect(has(withPart({ enzymeResults: [ck(10, date, 150)] }), 'clinical-quiescence')).toBe(fires);
  });

  it('the CK window hangs on today, not on the latest titer', () => {
    // Titers years ago: a CK on the last titer's day no longer counts.
    expect(has(run({ ...quiet, enzymeResults: [ck(10, '2024-05-01', 150)] }, '2025-01-01'), 'clinical-quiescence')).toBe(false);
  });

  it('CK at the ULN counts as normal, above does not; the latest CK decides', () => {
    expect(has(withPart({ enzymeResults: [ck(10, '2024-05-01', 200)] }), 'clinical-quiescence')).toBe(true);
    expect(has(withPart({ enzymeResults: [ck(10, '2024-05-01', 201)] }), 'clinical-quiescence')).toBe(false);
    expect(has(withPart({ enzymeResults: [ck(10, '2024-04-01', 100), ck(11, '2024-05-01', 900)] }), 'clinical-quiescence')).toBe(false);
    expect(has(withPart({ enzymeResults: [ck(10, '2024-04-01', 100), ck(11, '2024-05-01', 900, 200, { enteredInError: true })] }), 'clinical-quiescence')).toBe(true);
  });

  it('two CKs on one day: the higher one counts, whatever the order of entry', () => {
    for (const ids of [[10, 11], [11, 10]] as const) {
      const rows = [ck(ids[0], '2024-05-01', 150), ck(ids[1], '2024-05-01', 450)];
      expect(has(withPart({ enzymeResults: rows }), 'clinical-quiescence')).toBe(false);
    }
  });

  it('every muscle enzyme of the window counts against its own limit (IMACS: the most abnormal enzyme)', () => {
    const aldolase = (id: number, date: string, v: number) => ck(id, date, v, 7.6, { analyte: 'aldolase' });
    const alt = (id: number, date: string, v: number) => ck(id, date, v, 41, { analyte: 'alt' });
    expect(has(withPart({ enzymeResults: [ck(10, '2024-05-01', 150), aldolase(11, '2024-05-20', 12)] }), 'clinical-quiescence')).toBe(false);
    expect(has(withPart({ enzymeResults: [ck(10, '2024-05-01', 150), alt(12, '2024-05-20', 80)] }), 'clinical-quiescence')).toBe(false);
    // A high aldolase before the window, then none: the window has only normal enzymes.
    expect(has(withPart({ enzymeResults: [ck(10, '2024-05-01', 150), aldolase(11, '2023-10-01', 12)] }), 'clinical-quiescence')).toBe(true);
    // A high aldolase followed by a normal one: the latest counts.
    const s = find(withPart({ enzymeResults: [ck(10, '2024-05-01', 150), aldolase(11, '2024-02-01', 12), aldolase(13, '2024-05-02', 5)] }), 'clinical-quiescence');
    expect(s?.resultIds.enzyme).toEqual([10, 13]);
    expect(s?.explanation).toContain('also normal: Aldolase 5 U/L (ULN 7.6) on 2024-05-02');
  });

  it('MMT-8 76/80 fires, 75/80 does not', () => {
    expect(has(withPart({ visits: [mmtVisit(20, '2024-05-01', 76)] }), 'clinical-quiescence')).toBe(true);
    expect(has(withPart({ visits: [mmtVisit(20, '2024-05-01', 75)] }), 'clinical-quiescence')).toBe(false);
  });

  it('MMT-8 6 calendar months before as-of fires, a day earlier does not', () => {
    expect(has(withPart({ visits: [mmtVisit(20, '2023-12-01', 80)] }), 'clinical-quiescence')).toBe(true);
    expect(has(withPart({ visits: [mmtVisit(20, '2023-11-30', 80)] }), 'clinical-quiescence')).toBe(false);
  });

  it('a partial MMT-8 does not count, not even with full grades', () => {
    expect(has(withPart({ visits: [partialMmtVisit(21, '2024-05-20')] }), 'clinical-quiescence')).toBe(false);
    const s = find(withPart({ visits: [mmtVisit(20, '2024-05-01', 78), partialMmtVisit(21, '2024-05-20')] }), 'clinical-quiescence');
    expect(s?.resultIds.visit).toEqual([20]);
  });

  it('a newer partial exam that proves weakness blocks it (neck flexors 3, deltoid 5, rest untested: at most 68/80)', () => {
    const weak = { ...partialMmtVisit(21, '2024-05-20'), mmtGrades: { neck_flexors: 3, deltoid: 5 } };
    expect(has(withPart({ visits: [mmtVisit(20, '2024-05-01', 80), weak] }), 'clinical-quiescence')).toBe(false);
    // At most 76/80 possible: not proven weak.
    const maybe = { ...partialMmtVisit(22, '2024-05-20'), mmtGrades: { neck_flexors: 6 } };
    expect(has(withPart({ visits: [mmtVisit(20, '2024-05-01', 80), maybe] }), 'clinical-quiescence')).toBe(true);
    // Before the complete exam it is history.
    expect(has(withPart({ visits: [{ ...weak, visitOn: '2024-04-01' }, mmtVisit(20, '2024-05-01', 80)] }), 'clinical-quiescence')).toBe(true);
  });

  it('two complete exams on one day: the weaker counts, whatever the order of entry', () => {
    for (const ids of [[20, 21], [21, 20]] as const) {
      expect(has(withPart({ visits: [mmtVisit(ids[0], '2024-05-01', 80), mmtVisit(ids[1], '2024-05-01', 70)] }), 'clinical-quiescence')).toBe(false);
    }
  });

  it('needs a titer', () => {
    expect(has(withPart({ antibodyResults: [] }), 'clinical-quiescence')).toBe(false);
  });
});

describe('taper-discussion', () => {
  it('fires on sustained normalization + quiescence + an active immunosuppressant, as a possible signal only, with every date it used', () => {
    const s = find(run(quiet, asOf), 'taper-discussion');
    expect(s).toMatchObject({ level: 'action', since: '2024-05-01', resultIds: { antibody: [2, 3], enzyme: [10], visit: [20], medication: [30] } });
    expect(s?.explanation).toBe(
      'Anti-Mi2 titer normal on two or more tests over at least three months (Mi-2β 4 units (cut-off 5) on 2024-02-01 to 3 units on 2024-05-01, Line blot A), ' +
        'with normal CK (CK 150 U/L (ULN 200) on 2024-05-01) and near-full strength (MMT-8 78/80 (97.5%) on 2024-05-01), while on prednisone 5 mg (since 2023-06-01). ' +
        'In a cohort of 10 anti-Mi2-positive patients followed for four years or more, titers normalized in 3; 2 of them stopped immunosuppression and did not relapse ' +
        '(Pinal-Fernandez et al., Neurology 2019). A possible signal to discuss tapering - not a recommendation.',
    );
    expect(s?.evidence.doi).toBe('10.1212/WNL.0000000000008443');
  });

  it('needs an immunosuppressant covering the as-of date', () => {
    expect(has(withPart({ medications: [] }), 'taper-discussion')).toBe(false);
    expect(has(withPart({ medications: [] }), 'clinical-quiescence')).toBe(true);
    const hcq = med(31, '2023-06-01', null, { drug: 'hydroxychloroquine', drugClass: 'antimalarial', immunosuppressant: false });
    expect(has(withPart({ medications: [hcq] }), 'taper-discussion')).toBe(false);
    expect(has(withPart({ medications: [med(30, '2023-06-01', addDays(asOf, -1))] }), 'taper-discussion')).toBe(false);
    expect(has(withPart({ medications: [med(30, '2023-06-01', asOf)] }), 'taper-discussion')).toBe(true);
    expect(has(withPart({ medications: [med(30, '2023-06-01', null, { enteredInError: true })] }), 'taper-discussion')).toBe(false);
    expect(has(withPart({ medications: [med(30, addDays(asOf, 1), null)] }), 'taper-discussion')).toBe(false);
  });

  it('dates `since` from the start of uninterrupted immunosuppression when that is later', () => {
    const meds = [med(30, '2024-05-10', '2024-05-19'), med(31, '2024-05-20', null, { dose: 2.5 })];
    const s = find(withPart({ medications: meds }), 'taper-discussion');
    expect(s?.since).toBe('2024-05-10');
    expect(s?.resultIds.medication).toEqual([31]);
  });

  it('needs sustained normalization (89 days is not enough)', () => {
    expect(has(withPart({ antibodyResults: normalizedHistory(89), enzymeResults: [ck(10, '2024-04-30', 150)] }), 'taper-discussion')).toBe(false);
  });
});

describe('discordance', () => {
  it('negative titer with CK above the ULN near the same time', () => {
    const s = find(withPart({ enzymeResults: [ck(10, '2024-05-10', 900)] }), 'discordance');
    expect(s).toMatchObject({ level: 'info', since: '2024-05-10', resultIds: { antibody: [3], enzyme: [10], visit: [] } });
    expect(s?.explanation).toBe(
      'Mi-2β 3 units (cut-off 5) on 2024-05-01: negative but CK 900 U/L (ULN 200) on 2024-05-10 is above the upper limit; titer and muscle findings disagree.',
    );
  });

  it('negative titer with weak MMT-8; not when CK is 91 days away', () => {
    expect(find(withPart({ visits: [mmtVisit(20, '2024-05-01', 70)] }), 'discordance')?.resultIds.visit).toEqual([20]);
    expect(has(withPart({ enzymeResults: [ck(10, '2024-01-31', 900)] }), 'discordance')).toBe(false);
  });

  it('not when another analyte is positive at the same time, nor for borderline', () => {
    const alpha = { ...titers[0]!, id: 9, analyte: 'mi2-alpha' as const, collectedOn: '2024-05-01', value: 30 };
    expect(has(withPart({ antibodyResults: [...titers, alpha], enzymeResults: [ck(10, '2024-05-10', 900)] }), 'discordance')).toBe(false);
    const borderline = [...titers.slice(0, 2), { ...titers[2]!, value: 7 }];
    expect(has(withPart({ antibodyResults: borderline, enzymeResults: [ck(10, '2024-05-10', 900)] }), 'discordance')).toBe(false);
  });

  it('reverse: strong titer with normal CK and full strength; needs both', () => {
    const strong = [{ ...titers[0]!, collectedOn: '2024-05-01', value: 60 }];
    const s = find(withPart({ antibodyResults: strong, visits: [mmtVisit(20, '2024-05-01', 80)] }), 'discordance');
    expect(s?.explanation).toMatch(/strong positive but CK 150 U\/L .* is normal and MMT-8 80\/80/);
    expect(has(withPart({ antibodyResults: strong, visits: [] }), 'discordance')).toBe(false);
    expect(has(withPart({ antibodyResults: strong, enzymeResults: [ck(10, '2024-05-01', 201)] }), 'discordance')).toBe(false);
  });
});

describe('strength percent in the texts', () => {
  it('is rounded down to a tenth: a bilateral 142/150 (94.67%) reads 94.6%, never "95%" beside "below 95%"', () => {
    expect(mmtText({ visit: mmtVisit(1, '2024-05-01', 80), date: '2024-05-01', total: 142, max: 150 })).toBe('MMT-8 142/150 (94.6%) on 2024-05-01');
    expect(mmtText({ visit: mmtVisit(1, '2024-05-01', 80), date: '2024-05-01', total: 76, max: 80 })).toBe('MMT-8 76/80 (95%) on 2024-05-01');
  });
});
