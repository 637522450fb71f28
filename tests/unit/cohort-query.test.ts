import { describe, expect, it } from 'vitest';
import { cohortQuerySchema, cohortSearch } from '@/lib/validation/cohort';

const parse = (raw: Record<string, unknown>) => cohortQuerySchema.safeParse(raw);
const messages = (raw: Record<string, unknown>) => {
  const r = parse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('cohort filters (zod)', () => {
  it('defaults: the four study groups, any sex, 30-day window, 4 years, phenotype view', () => {
    const r = parse({});
    expect(r.success && r.data).toMatchObject({ view: 'phenotype', group: ['mi2-pos-dm', 'mi2-neg-dm', 'antisynthetase', 'imnm'], sex: 'any', window: 30, years: 4, analyte: 'any', from: null, to: null });
  });

  it('empty form fields mean "not given"; a single group arrives as a string; groups keep the study order', () => {
    const r = parse({ view: '', sex: '', from: '', ageMin: '', window: '', group: 'imnm' });
    expect(r.success && r.data).toMatchObject({ view: 'phenotype', sex: 'any', from: null, window: 30, group: ['imnm'] });
    const g = parse({ group: ['imnm', 'mi2-pos-dm'] });
    expect(g.success && g.data.group).toEqual(['mi2-pos-dm', 'imnm']);
  });

  it('every bad value gets a message that says what is allowed', () => {
    expect(messages({ view: 'x' })).toEqual(['view: View must be one of: phenotype, activity, course, follow-up.']);
    expect(messages({ group: ['dm', 'imnm'] })[0]).toMatch(/^group\.0: Diagnosis group must be one of: Anti-Mi2-positive dermatomyositis/);
    expect(messages({ sex: 'f' })[0]).toContain('Sex must be one of: any, female, male');
    expect(messages({ from: '2024-02-30' })[0]).toBe('from: Diagnosed from 2024-02-30 is not a date in the calendar: write a real date year-month-day, e.g. 2026-02-28, or leave it empty.');
    expect(messages({ ageMin: '-1' })[0]).toBe('ageMin: Age at onset from must be a whole number from 0 to 120 years.');
    expect(messages({ ageMax: 'abc' })[0]).toBe('ageMax: Age at onset to must be a whole number from 0 to 120 years.');
    expect(messages({ window: '0' })[0]).toBe('window: Pairing window must be a whole number from 1 to 365 days.');
    expect(messages({ window: '2.5' })[0]).toBe('window: Pairing window must be a whole number from 1 to 365 days.');
    expect(messages({ years: '99' })[0]).toBe('years: Minimum follow-up must be a whole number from 1 to 30 years.');
    expect(messages({ course: 'all' })[0]).toContain('Course row must be one of: serial');
  });

  it('ranges must be in order', () => {
    expect(messages({ from: '2024-01-01', to: '2023-01-01' })).toEqual(['to: Diagnosed to must not be before Diagnosed from.']);
    expect(messages({ ageMin: '60', ageMax: '40' })).toEqual(['ageMax: Age at onset to must not be below Age at onset from.']);
  });

  it('cohortSearch writes back what was parsed (defaults left out), and parses to the same query', () => {
    const r = parse({ view: 'course', group: ['mi2-pos-dm', 'imnm'], sex: 'female', from: '2010-01-01', ageMin: '18', years: '6', course: 'stopped' });
    if (!r.success) throw new Error('expected valid');
    const search = cohortSearch(r.data);
    expect(search).toBe('view=course&group=mi2-pos-dm&group=imnm&sex=female&from=2010-01-01&ageMin=18&years=6&course=stopped');
    const params = new URLSearchParams(search);
    const again = parse({ ...Object.fromEntries(params), group: params.getAll('group') });
    expect(again.success && again.data).toEqual(r.data);
    expect(cohortSearch(r.data, { view: 'activity', course: null })).not.toContain('course=');
  });
});
