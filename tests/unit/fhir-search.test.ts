/**
 * The pure parts of the FHIR read API: search parameter values (tokens, dates with
 * prefixes, references, instants), lenient and strict handling, paging links, and
 * frequencies as Timing.repeat.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateMatches, parseDateParam, parsePatientReference, parseTokens, tokenMatches } from '@/lib/domain/fhir/search-values';
import { parseEverything, parseObservationSearch, parsePatientSearch } from '@/lib/domain/fhir/search-queries';
import { searchsetBundle } from '@/lib/domain/fhir/searchset';
import { timingRepeat } from '@/lib/domain/fhir/timing';

const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('search values', () => {
  it('reads tokens as FHIR defines them', () => {
    expect(ok(parseTokens('http://loinc.org|2157-6,ck', 'code'))).toEqual([{ system: 'http://loinc.org', code: '2157-6' }, { code: 'ck' }]);
    expect(ok(parseTokens('|x', 'code'))).toEqual([{ system: null, code: 'x' }]);
    expect(ok(parseTokens('urn:titerline:codes|', 'code'))).toEqual([{ system: 'urn:titerline:codes' }]);
    expect(parseTokens('|', 'code').ok).toBe(false);
    expect(tokenMatches([{ system: null, code: 'x' }], { system: 'a', code: 'x' })).toBe(false);
    expect(tokenMatches([{ code: 'x' }], { system: 'a', code: 'x' })).toBe(true);
  });

  it('reads dates at year, month and day precision, with every supported prefix', () => {
    expect(ok(parseDateParam('2024', 'date'))).toEqual({ prefix: 'eq', start: '2024-01-01', end: '2024-12-31' });
    expect(ok(parseDateParam('ge2024-02', 'date'))).toEqual({ prefix: 'ge', start: '2024-02-01', end: '2024-02-29' });
    expect(ok(parseDateParam('lt2024-03-05T10:00:00Z', 'date'))).toMatchObject({ start: '2024-03-05', end: '2024-03-05' });
    for (const bad of ['ap2024', 'xx2024', '2024-02-30', '2024-13', '24-01-01', 'ge', '']) expect(parseDateParam(bad, 'date').ok, bad).toBe(false);
  });

  it('a date matches exactly as its prefix says (property)', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(fc.property(day, day, (a, b) => {
      const p = (prefix: string) => ok(parseDateParam(`${prefix}${b}`, 'date'));
      expect(dateMatches(p('eq'), a)).toBe(a === b);
      expect(dateMatches(p('ne'), a)).toBe(a !== b);
      expect(dateMatches(p('ge'), a)).toBe(a >= b);
      expect(dateMatches(p('gt'), a)).toBe(a > b);
      expect(dateMatches(p('le'), a)).toBe(a <= b);
      expect(dateMatches(p('lt'), a)).toBe(a < b);
    }));
  });

  it('reads patient references; another resource type is refused, an impossible id matches nothing', () => {
    expect(ok(parsePatientReference('Patient/12', 'patient'))).toBe(12);
    expect(ok(parsePatientReference('https://x.test/api/fhir/Patient/12', 'patient'))).toBe(12);
    expect(ok(parsePatientReference('abc', 'patient'))).toBeNull();
    expect(parsePatientReference('Group/1', 'patient').ok).toBe(false);
  });
});

describe('handling of unknown parameters', () => {
  const params: [string, string][] = [['patient', '3'], ['value-quantity', 'gt5'], ['code', 'ck']];

  it('lenient: ignored, named, left out of what was used', () => {
    const s = ok(parseObservationSearch(params, 'lenient'));
    expect(s.ignored).toEqual(['value-quantity']);
    expect(s.used).toEqual([['patient', '3'], ['code', 'ck']]);
    expect(s.paging).toEqual({ count: 50, offset: 0 });
  });

  it('strict: refused, naming what is not supported and what is', () => {
    const r = parseObservationSearch(params, 'strict');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.notSupported).toBe(true);
    expect(!r.ok && r.message).toMatch(/value-quantity.*Supported: patient/);
  });

  it('a supported parameter with an unreadable value is refused in both modes; Observations need a patient', () => {
    for (const h of ['strict', 'lenient'] as const) {
      expect(parseObservationSearch([['patient', '3'], ['date', 'yesterday']], h).ok).toBe(false);
      expect(parseObservationSearch([['code', 'ck']], h).ok).toBe(false);
      expect(parsePatientSearch([['_count', '-1']], h).ok).toBe(false);
    }
    expect(ok(parseObservationSearch([['patient', '3'], ['_sort', 'value']], 'lenient')).ignored).toEqual(['_sort']);
    expect(parseObservationSearch([['patient', '3'], ['_sort', 'value']], 'strict').ok).toBe(false);
  });

  it('$everything: the whole record unless _count is given; _type keeps known types; _since must be an instant', () => {
    expect(ok(parseEverything([], 'strict')).paging).toBeNull();
    expect(ok(parseEverything([['_type', 'Observation,Condition']], 'lenient')).query.types).toEqual(['Observation']);
    expect(parseEverything([['_type', 'Condition']], 'strict').ok).toBe(false);
    expect(parseEverything([['_since', '2024-01-01']], 'lenient').ok).toBe(false);
    expect(ok(parseEverything([['_since', '2024-01-01T00:00:00+01:00']], 'lenient')).query.since).toBe('2023-12-31T23:00:00.000Z');
  });
});

describe('searchset paging links', () => {
  const bundle = (offset: number, total: number) => searchsetBundle({
    base: 'https://x.test/api/fhir/', path: 'Observation', used: [['patient', '3'], ['date', 'ge2024']], ignored: [], paging: { count: 10, offset }, total, resources: [], timestamp: '2024-01-01T00:00:00Z',
  });
  const rel = (b: ReturnType<typeof bundle>, r: string) => b.link?.find((l) => l.relation === r)?.url;

  it('self, first, next and last on the first page; previous and no next on the last', () => {
    const first = bundle(0, 25);
    expect(rel(first, 'self')).toBe('https://x.test/api/fhir/Observation?patient=3&date=ge2024&_count=10&_offset=0');
    expect(rel(first, 'next')).toContain('_offset=10');
    expect(rel(first, 'previous')).toBeUndefined();
    expect(rel(first, 'last')).toContain('_offset=20');
    const last = bundle(20, 25);
    expect(rel(last, 'next')).toBeUndefined();
    expect(rel(last, 'previous')).toContain('_offset=10');
  });

  it('the pages the next links visit cover every match exactly once (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 30 }), (total, count) => {
      let offset = 0;
      let covered = 0;
      for (let guard = 0; guard < 1000; guard++) {
        const b = searchsetBundle({ base: 'https://x.test', path: 'Patient', used: [], ignored: [], paging: { count, offset }, total, resources: [], timestamp: 't' });
        covered += Math.max(0, Math.min(count, total - offset));
        const next = b.link?.find((l) => l.relation === 'next')?.url;
        if (!next) break;
        offset = Number(new URL(next).searchParams.get('_offset'));
      }
      expect(covered).toBe(total);
    }));
  });
});

describe('frequencies as Timing.repeat', () => {
  it.each([
    ['daily', { frequency: 1, period: 1, periodUnit: 'd' }],
    ['Twice daily', { frequency: 2, period: 1, periodUnit: 'd' }],
    ['3 times daily', { frequency: 3, period: 1, periodUnit: 'd' }],
    ['b.i.d.', { frequency: 2, period: 1, periodUnit: 'd' }],
    ['weekly', { frequency: 1, period: 1, periodUnit: 'wk' }],
    ['once a week', { frequency: 1, period: 1, periodUnit: 'wk' }],
    ['every other day', { frequency: 1, period: 2, periodUnit: 'd' }],
    ['every 2 weeks', { frequency: 1, period: 2, periodUnit: 'wk' }],
    ['every four weeks', { frequency: 1, period: 4, periodUnit: 'wk' }],
    ['every 6 months', { frequency: 1, period: 6, periodUnit: 'mo' }],
  ])('%s', (text, repeat) => expect(timingRepeat(text)).toEqual(repeat));

  it.each(['per course', 'as needed', 'biweekly', 'days 1 and 15', 'every 0 weeks', '', 'weekly then daily'])('keeps "%s" as text only', (text) => {
    expect(timingRepeat(text)).toBeNull();
  });
});
