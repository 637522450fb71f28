import { afterEach, describe, expect, it, vi } from 'vitest';
import { today } from '@/lib/dal/clinical-guards';

afterEach(() => vi.useRealTimers());

describe('today, for "not in the future" checks (kept for the UTC day it was computed in)', () => {
  it('turns at UTC midnight, not a moment later, and follows a clock set back', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T23:59:59.999Z') });
    expect(today()).toBe('2026-12-02');
    vi.setSystemTime(new Date('2026-12-03T00:00:00.000Z'));
    expect(today()).toBe('2026-12-03');
    vi.setSystemTime(new Date('2026-12-03T18:30:00.000Z'));
    expect(today()).toBe('2026-12-03');
    vi.setSystemTime(new Date('2026-12-02T12:00:00.000Z'));
    expect(today()).toBe('2026-12-02');
  });
});
