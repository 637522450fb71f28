/**
 * The collapsed medication list (app/(app)/patients/[id]/medication-rows.ts) and
 * Current treatment agree: a drug stopped today is in both (issue 17: the stopped
 * IVIG vanished from the list while Current treatment still listed it).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recentEpochs } from '@/app/(app)/patients/[id]/medication-rows';
import { activeEpochsOn } from '@/lib/domain/medications';
import { addDays } from '@/lib/domain/dates';

const TODAY = '2026-03-10';
type E = { id: number; drug: string; startOn: string; endOn: string | null; enteredInError: boolean };
const epoch = (id: number, drug: string, startOn: string, endOn: string | null = null, enteredInError = false): E => ({ id, drug, startOn, endOn, enteredInError });

describe('the collapsed medication list', () => {
  it('keeps an IVIG stopped today beside a long prednisone taper, with the ongoing dose', () => {
    const ivig = epoch(1, 'IVIG', '2024-01-01', TODAY);
    const taper = Array.from({ length: 8 }, (_, i) => epoch(10 + i, 'Prednisone', addDays('2025-06-01', 30 * i), i < 7 ? addDays('2025-06-01', 30 * i + 29) : null));
    const shown = recentEpochs([ivig, ...taper], TODAY, 5).map((e) => e.id);
    expect(shown).toContain(1);
    expect(shown).toContain(17);
    expect(shown).toEqual([1, 14, 15, 16, 17]);
  });

  it('shows a drug stopped last week among the recent rows: its stop is its latest event', () => {
    const stopped = epoch(1, 'Methotrexate', '2020-01-01', addDays(TODAY, -7));
    const others = Array.from({ length: 5 }, (_, i) => epoch(10 + i, 'Prednisone', addDays('2025-01-01', 20 * i), addDays('2025-01-01', 20 * i + 19)));
    expect(recentEpochs([stopped, ...others], TODAY, 5).map((e) => e.id)).toContain(1);
  });

  it('keeps the order it was given (drug, then start), so a taper reads top to bottom', () => {
    const all = [epoch(3, 'A', '2026-01-01'), epoch(1, 'B', '2025-01-01', '2025-02-01'), epoch(2, 'B', '2025-02-02')];
    expect(recentEpochs(all, TODAY, 5)).toEqual(all);
  });

  it('every epoch Current treatment lists is in the collapsed list, and at most `limit` others (property)', () => {
    const day = fc.integer({ min: -2000, max: 0 }).map((n) => addDays(TODAY, n));
    const arb = fc.array(fc.record({ start: day, length: fc.option(fc.integer({ min: 0, max: 900 })), error: fc.boolean() }), { maxLength: 25 });
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 8 }), (specs, limit) => {
      const all = specs.map((s, i) => {
        const end = s.length === null ? null : addDays(s.start, s.length);
        return epoch(i + 1, `D${i % 4}`, s.start, end !== null && end > TODAY ? TODAY : end, s.error);
      });
      const shown = new Set(recentEpochs(all, TODAY, limit).map((e) => e.id));
      const current = activeEpochsOn(all, TODAY);
      return current.every((e) => shown.has(e.id)) && shown.size <= current.length + limit;
    }));
  });
});
