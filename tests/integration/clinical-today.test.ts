import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { today } from '@/lib/dal/clinical-guards';
import { clinicTimeZone, clinicToday, resetClinicTime } from '@/lib/clinic-time';
import { addMonths, todayInZone } from '@/lib/domain/dates';

const saved = process.env.TITERLINE_TIME_ZONE;
function useZone(zone: string | undefined): void {
  if (zone === undefined) delete process.env.TITERLINE_TIME_ZONE;
  else process.env.TITERLINE_TIME_ZONE = zone;
  resetClinicTime();
}
beforeEach(() => useZone('UTC'));
afterEach(() => {
  vi.useRealTimers();
  useZone(saved);
});

describe("today is the clinic's calendar date (TITERLINE_TIME_ZONE)", () => {
  it('turns at the midnight of the clinic, not a moment later, and follows a clock set back', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T23:59:59.999Z') });
    expect(today()).toBe('2026-12-02');
    vi.setSystemTime(new Date('2026-12-03T00:00:00.000Z'));
    expect(today()).toBe('2026-12-03');
    vi.setSystemTime(new Date('2026-12-03T18:30:00.000Z'));
    expect(today()).toBe('2026-12-03');
    vi.setSystemTime(new Date('2026-12-02T12:00:00.000Z'));
    expect(today()).toBe('2026-12-02');
  });

  it('is already the next day in Sydney at 08:00 and still the same day in New York at 20:30', () => {
    useZone('Australia/Sydney');
    // 08:00 in Sydney (UTC+11 in December) is 21:00 UTC the day before.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-04T21:00:00Z') });
    expect(today()).toBe('2026-12-05');
    useZone('America/New_York');
    // 20:30 in New York (UTC-5) is 01:30 UTC the next day.
    vi.setSystemTime(new Date('2026-12-06T01:30:00Z'));
    expect(today()).toBe('2026-12-05');
  });

  it('turns exactly at local midnight in a zone with daylight saving, on the day the clocks change', () => {
    useZone('Europe/Madrid');
    // Clocks go forward at 02:00 on 2026-03-29; midnight before it is 23:00 UTC (UTC+1).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-28T22:59:59.999Z') });
    expect(today()).toBe('2026-03-28');
    vi.setSystemTime(new Date('2026-03-28T23:00:00.000Z'));
    expect(today()).toBe('2026-03-29');
    // The next midnight is in summer time (UTC+2): 22:00 UTC.
    vi.setSystemTime(new Date('2026-03-29T21:59:59.999Z'));
    expect(today()).toBe('2026-03-29');
    vi.setSystemTime(new Date('2026-03-29T22:00:00.000Z'));
    expect(today()).toBe('2026-03-30');
  });

  it('an unknown zone stops with a message that says what is allowed', () => {
    useZone('Mars/Olympus_Mons');
    expect(() => clinicTimeZone()).toThrow(/not a time zone.*IANA name/);
  });

  it('without TITERLINE_TIME_ZONE, the server zone is used', () => {
    useZone(undefined);
    expect(clinicTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('matches the zone calendar at every instant of a walk forward and back in time (property)', () => {
    const zones = ['UTC', 'Australia/Sydney', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), { minLength: 1, maxLength: 40 }), (zone, instants) => {
        useZone(zone);
        let t = instants[0]!;
        for (const step of instants) {
          t = (t + step) % Date.UTC(2030, 0, 1);
          if (t < Date.UTC(2020, 0, 1)) t += Date.UTC(2020, 0, 1);
          // Near each instant too: the cached day must end exactly at midnight.
          for (const dt of [0, 1, 3_600_000, 86_399_999]) expect(clinicToday(t + dt)).toBe(todayInZone(new Date(t + dt), zone));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('calendar months', () => {
  it('clamps to the end of a shorter month; 12 months after a leap day is 28 February', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2023-03-01', 12)).toBe('2024-03-01');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
  });
});
