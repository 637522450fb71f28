/**
 * De-identification primitives: k-anonymity by global banding and local suppression
 * (properties over random cohorts), pseudonyms and date shifts, the CSV cell rule
 * (numbers stay numbers, text formulas are guarded) and the ZIP writer read back.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymize, drawDateShifts, drawPseudonyms, MAX_SHIFT_DAYS, type QuasiIdentifiers } from '@/lib/domain/cohort/deidentify';
import { tidyCell } from '@/lib/domain/cohort/tidy-csv';
import { zip } from '@/lib/export/zip';
import { unzip } from '../setup/unzip';

const patient = fc.record({
  birthYear: fc.integer({ min: 1930, max: 2010 }),
  sex: fc.constantFrom('female', 'male', 'other', 'unknown'),
  group: fc.constantFrom('mi2-pos-dm', 'mi2-neg-dm', 'antisynthetase', 'imnm', 'other'),
});
const cohort = fc.array(patient, { maxLength: 80 }).map((ps) => ps.map((p, id): QuasiIdentifiers => ({ id, ...p })));

describe('k-anonymity', () => {
  it('every kept combination is shared by at least k patients; kept and left out add up; values are only ever coarsened (property)', () => {
    fc.assert(fc.property(cohort, fc.integer({ min: 2, max: 6 }), (ps, k) => {
      const a = anonymize(ps, k);
      expect(a.kept.size + a.leftOut.length).toBe(ps.length);
      const sizes = new Map<string, number>();
      for (const c of a.kept.values()) sizes.set(JSON.stringify(c), (sizes.get(JSON.stringify(c)) ?? 0) + 1);
      for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(k);
      expect(a.kAchieved).toBe(sizes.size ? Math.min(...sizes.values()) : null);
      for (const p of ps) {
        const c = a.kept.get(p.id);
        if (!c) continue;
        if (c.birthLow !== null) expect(p.birthYear >= c.birthLow && p.birthYear <= (c.birthHigh ?? -1)).toBe(true);
        expect([p.sex, null]).toContain(c.sex);
        expect([p.group, null]).toContain(c.group);
      }
    }), { numRuns: 200 });
  });

  it('keeps exact birth years when every combination is already common enough', () => {
    const ps = Array.from({ length: 10 }, (_, id) => ({ id, birthYear: 1970, sex: 'female', group: 'imnm' }));
    expect(anonymize(ps)).toMatchObject({ kAchieved: 10, steps: [], leftOut: [] });
  });
});

describe('pseudonyms and date shifts', () => {
  const random = (n: number) => Math.floor(Math.random() * n);

  it('pseudonyms are distinct, carry no id, and differ between two draws', () => {
    const ids = Array.from({ length: 500 }, (_, i) => i + 1);
    const a = drawPseudonyms(ids, random);
    const b = drawPseudonyms(ids, random);
    expect(new Set(a.values()).size).toBe(500);
    for (const [id, p] of a) {
      expect(p).toMatch(/^P-[A-HJ-NP-Z2-9]{8}$/);
      expect(b.get(id)).not.toBe(p);
    }
  });

  it('shifts always move back, by 1 to 365 days, even with a worst-case random source', () => {
    for (const r of [() => 0, (n: number) => n - 1, random]) {
      for (const s of drawDateShifts([1, 2, 3], r).values()) expect(s <= -1 && s >= -MAX_SHIFT_DAYS).toBe(true);
    }
  });
});

describe('CSV cells', () => {
  it('numbers stay numbers, text that a spreadsheet would run is guarded', () => {
    expect(tidyCell(-207)).toBe('-207');
    expect(tidyCell(0.1 + 0.2)).toBe('0.3');
    expect(tidyCell(Number.NaN)).toBe('');
    // A number written as text stays a number: the one export writer guards formulas only.
    expect(tidyCell('-207')).toBe('-207');
    // Guarded, then quoted (it holds quotes) as RFC 4180 writes it.
    expect(tidyCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(tidyCell('Mi-2β line blot')).toBe('Mi-2β line blot');
  });
});

describe('ZIP writer', () => {
  it('writes archives that read back byte for byte (property)', () => {
    const entry = fc.record({ name: fc.stringMatching(/^[a-z]{1,12}\.(csv|txt)$/), data: fc.string({ maxLength: 5000 }) });
    fc.assert(fc.property(fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 5 }), (entries) => {
      const files = unzip(zip(entries));
      expect(files).toEqual(Object.fromEntries(entries.map((e) => [e.name, e.data])));
    }), { numRuns: 50 });
  });

  // A second, independent reader where the machine has one (Debian's Info-ZIP unzip).
  it.skipIf(!fs.existsSync('/usr/bin/unzip'))('passes Info-ZIP\'s own integrity test', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-zip-')), 'export.zip');
    fs.writeFileSync(file, zip([{ name: 'data.csv', data: 'a,b\r\n1,2\r\n' }, { name: 'README.txt', data: 'Größe – ü\r\n'.repeat(200) }]));
    const run = spawnSync('/usr/bin/unzip', ['-t', file], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('No errors detected');
  });
});
