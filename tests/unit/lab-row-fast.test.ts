/**
 * The import's fast path (lib/import/lab-row-fast.ts) must never judge a row
 * differently from the entry schemas: whenever it answers, the schema gives the same
 * data; when the input is unusual it steps aside (null) and the schema decides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastAntibodyData, fastEnzymeData } from '@/lib/import/lab-row-fast';
import { antibodyResultSchema, enzymeResultSchema } from '@/lib/validation/labs';
import { ENZYME_ANALYTES } from '@/lib/domain/types';

// Cells as a CSV gives them: common values, edge values and malformed ones.
const numberCell = fc.oneof(
  fc.constantFrom('', '0', '0.0', '5', '12.5', '1000000', '1000000.5', '100000', '100001', '-3', '1e3', '3,5', ' 7', '7 ', '0007', 'abc', '.5', '5.', '99999999'),
  // Below the smallest amounts of the rules (lib/validation/field-rules.ts), hex, exponents, separators.
  fc.constantFrom('0.001', '0.009', '0.01', '0.0009', '0.000000000001', '1e-320', '0x10', 'Infinity', '12,500', '1,250.5'),
  // A point before exactly three digits could be a thousands separator ("12.500"); "0.125" and "1234.567" cannot.
  fc.constantFrom('12.500', '1.500', '1.234', '100.500', '999.999', '0.125', '1234.567', '1.2340'),
  fc.double({ min: 0, max: 2_000_000, noNaN: true }).map((n) => String(n)),
  fc.integer({ min: 0, max: 200_000 }).map(String),
);
const dateCell = fc.constantFrom('', '2024-02-29', '2023-02-29', '2025-13-01', '2025-01-05', '2025-1-5', ' 2025-01-05', '05/01/2025', '2025-01-05T00:00', 'x');
const accessionCell = fc.oneof(
  fc.constantFrom('', 'L-1', ' L-2', 'L-3 ', 'a'.repeat(64), 'a'.repeat(65), 'A\r\nB', 'A\tB', 'A\u0007', 'A\u202eB', 'A\u0085'),
  fc.string({ maxLength: 70 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

describe('import fast path equals the entry schemas', () => {
  it('enzyme rows', () => {
    fc.assert(fc.property(
      fc.constantFrom(...ENZYME_ANALYTES), dateCell, numberCell, fc.constantFrom('U/L' as const, 'ukat/L' as const), numberCell, numberCell, accessionCell,
      (analyte, collectedOn, value, unit, lowerLimit, upperLimit, accession) => {
        const cells = { analyte, collectedOn, value, unit, lowerLimit, upperLimit, accession };
        const fast = fastEnzymeData(cells);
        if (fast === null) return;
        expect(enzymeResultSchema.parse({ ...cells, allowDuplicate: false })).toEqual(fast);
      },
    ), { numRuns: 3000 });
  });

  it('anti-Mi2 rows', () => {
    fc.assert(fc.property(
      fc.constantFrom(1, 2, 7, 0, -1, 1.5), dateCell, numberCell, fc.constantFrom('', '<', '>', '=', ' <'), fc.constantFrom('', 'negative', 'borderline', 'positive', 'strong', 'Positive', 'weak'), numberCell, accessionCell,
      (assayId, collectedOn, value, comparator, qualitative, cutoff, accession) => {
        const cells = { assayId, collectedOn, value, comparator, qualitative, cutoff, accession };
        const fast = fastAntibodyData(cells);
        if (fast === null) return;
        expect(antibodyResultSchema.parse({ ...cells, allowDuplicate: false })).toEqual(fast);
      },
    ), { numRuns: 3000 });
  });

  it('answers for the common rows, so the import takes it', () => {
    expect(fastEnzymeData({ analyte: 'ck', collectedOn: '2025-01-05', value: '350', unit: 'U/L', lowerLimit: '', upperLimit: '170', accession: 'A-1' }))
      .toEqual({ analyte: 'ck', collectedOn: '2025-01-05', value: 350, unit: 'U/L', lowerLimit: null, upperLimit: 170, accession: 'A-1', allowDuplicate: false, allowImplausible: false });
    expect(fastAntibodyData({ assayId: 2, collectedOn: '2025-01-05', value: '5', comparator: '<', qualitative: '', cutoff: '', accession: '' }))
      .toEqual({ assayId: 2, collectedOn: '2025-01-05', value: 5, comparator: '<', qualitative: null, cutoff: null, accession: '', allowDuplicate: false, allowImplausible: false });
    expect(fastAntibodyData({ assayId: 3, collectedOn: '2025-01-05', value: '', comparator: '', qualitative: 'positive', cutoff: '10', accession: '' })).not.toBeNull();
    // Unusual input steps aside for the schema, which words the problem.
    expect(fastEnzymeData({ analyte: 'ck', collectedOn: '2025-01-05', value: '3,5', unit: 'U/L', lowerLimit: '', upperLimit: '', accession: '' })).toBeNull();
    expect(fastAntibodyData({ assayId: 2, collectedOn: '2025-01-05', value: '', comparator: '<', qualitative: '', cutoff: '', accession: '' })).toBeNull();
  });
});
