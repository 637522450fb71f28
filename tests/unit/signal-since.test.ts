import { describe, expect, it } from 'vitest';
import { find, run, titer } from './signals-fixtures';

/** The date beside a signal ("since …") is one its text names: the reader finds the result it dates from. */
describe('a signal\'s since date agrees with the results its text cites', () => {
  it('titer-normalized after several negatives names the first negative (its since) and the latest', () => {
    const signals = run({ antibodyResults: [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4), titer(3, '2024-05-02', 3)] }, '2024-06-01');
    const s = find(signals, 'titer-normalized', 'mi2-beta');
    expect(s?.since).toBe('2024-04-01');
    expect(s?.explanation).toBe('Mi-2β negative since 2024-04-01 (4 units (cut-off 5) on 2024-04-01; latest 3 units (cut-off 5) on 2024-05-02), after a positive result of 30 units on 2024-01-10.');
  });

  it('normalization-sustained with more negatives than needed names the result it was first sustained at', () => {
    const signals = run({ antibodyResults: [titer(1, '2024-01-10', 30), titer(2, '2024-02-01', 4), titer(3, '2024-05-01', 3), titer(4, '2024-08-01', 2)] }, '2024-09-01');
    const s = find(signals, 'normalization-sustained', 'mi2-beta');
    expect(s?.since).toBe('2024-05-01');
    expect(s?.explanation).toContain(s!.since);
  });

  it('every titer signal of these histories names its since date in its text', () => {
    const histories = [
      [titer(1, '2024-01-10', 30), titer(2, '2024-04-01', 4), titer(3, '2024-05-02', 3)],
      [titer(1, '2024-01-10', 30), titer(2, '2024-02-01', 4), titer(3, '2024-05-01', 3), titer(4, '2024-08-01', 2)],
      [titer(1, '2024-01-10', 2), titer(2, '2024-03-01', 30)],
      [titer(1, '2024-01-10', 80), titer(2, '2024-02-10', 40), titer(3, '2024-03-10', 20)],
    ];
    for (const antibodyResults of histories) {
      for (const s of run({ antibodyResults }, '2024-09-01').filter((x) => x.code.startsWith('titer-') || x.code === 'normalization-sustained')) {
        if (s.code === 'titer-overdue') continue; // since = the first overdue day, a date no result has
        expect(s.explanation, `${s.code} since ${s.since}`).toContain(s.since);
      }
    }
  });
});
