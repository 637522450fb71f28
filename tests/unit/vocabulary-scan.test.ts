import { describe, expect, it } from 'vitest';
import { ENZYME_UNIT_HELP, enzymeUnitMessage } from '@/lib/domain/enzymes';
import { historyColumns, historyValue } from '@/lib/domain/history-display';
import { DEFAULT_SIGNAL_SETTINGS, describeRules, SIGNAL_SETTING_RANGES } from '@/lib/domain/signals';
import { totalImprovementScore } from '@/lib/domain/tis';
import * as vocabulary from '@/lib/domain/vocabulary';
import { codeIdentifiers } from '../setup/code-identifiers';
import { ck, mmtVisit, med, normalizedHistory, partialMmtVisit, run, titer } from './signals-fixtures';

/** Every string value in a table (nested tables and label objects too). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}
const expectClean = (texts: readonly string[]) => {
  const leaks = texts.flatMap((t) => codeIdentifiers(t).map((f) => `${f} in "${t.slice(0, 120)}"`));
  expect(leaks).toEqual([]);
};

describe('the scanner itself', () => {
  it('finds field names, snake_case, stored codes, code spellings and file paths; passes clinical words', () => {
    expect(codeIdentifiers('incomplete missing patientGlobal, mmt')).toEqual(['camelCase name: patientGlobal']);
    expect(codeIdentifiers('collectedOn, valueUL, assayId = 1')).toHaveLength(3);
    expect(codeIdentifiers('reference_high is empty')).toEqual(['snake_case name: reference_high']);
    expect(codeIdentifiers(`see ${['docs', 'domain.md'].join('/')} section 2`)).toHaveLength(2); // built, so the citation check does not read it as a reference
    expect(codeIdentifiers('lib/domain/vocabulary.ts')).toEqual(['file path: vocabulary.ts']);
    expect(codeIdentifiers('Titer declining (titer-declining)')).toEqual(['stored code: titer-declining']);
    expect(codeIdentifiers('Mi-2alpha 4 ukat/L')).toEqual(['code spelling: Mi-2alpha', 'code spelling: ukat/L']);
    expect(codeIdentifiers('Mi-2α 4 units, CK 1.2 µkat/L (also written ukat/L), anti-Mi2-positive, MMT-8 72/80, HAQ-DI')).toEqual([]);
  });
});

describe('message catalogs use clinical words', () => {
  it('the vocabulary module\'s labels', () => {
    const tables = Object.entries(vocabulary).filter(([, v]) => typeof v === 'object').map(([, v]) => v);
    expectClean(strings(tables));
  });

  it('"How signals work": titles, descriptions and evidence of every rule, and the settings\' labels', () => {
    expectClean(describeRules(DEFAULT_SIGNAL_SETTINGS).flatMap((r) => [r.title, r.description, r.evidence.citation]));
    expectClean(Object.values(SIGNAL_SETTING_RANGES).map((r) => r.label));
  });

  it('signal explanations over a range of histories', () => {
    const histories = [
      { antibodyResults: normalizedHistory(120), enzymeResults: [ck(1, '2024-05-01', 100)], visits: [mmtVisit(1, '2024-05-02', 78)], medications: [med(1, '2023-01-01', null)] },
      { antibodyResults: [titer(1, '2024-01-10', 2), titer(2, '2024-03-01', 30, { analyte: 'mi2-alpha' }), titer(3, '2024-03-01', 2, { analyte: 'mi2-alpha', assayId: 4 })] },
      { antibodyResults: [titer(1, '2024-01-10', 80), titer(2, '2024-02-10', 40), titer(3, '2024-03-10', 20)], enzymeResults: [ck(2, '2024-03-11', 900)] },
      { antibodyResults: [titer(1, '2022-01-10', 30)], visits: [partialMmtVisit(2, '2024-01-01')] },
    ];
    const texts = histories.flatMap((h) => run(h, '2024-09-01').map((s) => s.explanation));
    expect(texts.length).toBeGreaterThan(4);
    expectClean(texts);
  });

  it('unit help, partial TIS notes and the missing list, and correction history cells', () => {
    expectClean([ENZYME_UNIT_HELP, enzymeUnitMessage('mg/dL'), enzymeUnitMessage('')]);
    const partial = totalImprovementScore(
      { physicianGlobal: null, patientGlobal: 5, mmt: null, haq: null, enzyme: null, extramuscular: null },
      { physicianGlobal: 2, patientGlobal: null, mmt: null, haq: 1, enzyme: null, extramuscular: 3 },
    );
    expectClean([...partial.notes, vocabulary.tisMissingText(partial.missing)]);
    expect(vocabulary.tisMissingText(['patientGlobal', 'mmt', 'haq', 'extramuscular'])).toBe('missing patient global, MMT-8, HAQ-DI and extramuscular activity');

    const stored = { analyte: 'ck', assayId: 2, collectedOn: '2024-01-01', value: 1.2, unit: 'ukat/L', valueUL: 72, qualitative: 'strong', enteredInError: false,
      mmtVersion: 'bilateral', mmtGradesJson: '{"neck":9,"deltoid_right":null}', findingsJson: '["gottron"]', drugClass: 'calcineurin-inhibitor', route: 'iv', version: 3, patientId: 7 };
    const columns = historyColumns(Object.keys(stored));
    expect(columns.map((c) => c.key)).not.toContain('version');
    expect(columns.map((c) => c.key)).not.toContain('patientId');
    const cells = columns.map((c) => historyValue(c.key, stored[c.key as keyof typeof stored], { assayNames: { 2: 'Mi-2β line blot' } }));
    expect(cells).toContain('µkat/L');
    expect(cells).toContain('Mi-2β line blot');
    expect(cells).toContain('Strong positive');
    expect(cells).toContain('No');
    expect(cells).toContain('1 of 2 tests graded');
    expectClean([...columns.map((c) => c.label), ...cells]);
  });
});
