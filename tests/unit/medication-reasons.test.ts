/**
 * Which reasons each medication form offers and each schema accepts
 * (lib/validation/medication-options.ts): a stop offers stop reasons only, a dose
 * change the reasons a dose moves for (issue 17: the stop form offered "Started").
 */
import { describe, expect, it } from 'vitest';
import { CHANGE_REASONS } from '@/lib/domain/medications';
import { DOSE_CHANGE_REASONS, END_REASONS, reasonOptions, START_REASONS, STOP_REASONS } from '@/lib/validation/medication-options';
import { doseChangeSchema, epochSchema, stopSchema } from '@/lib/validation/medications';

const ALL = CHANGE_REASONS.map((r) => r.key);
const stop = (endReason: string) => stopSchema.safeParse({ endOn: '2024-02-01', endReason }).success;
const change = (reason: string) => doseChangeSchema.safeParse({ startOn: '2024-02-01', dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason }).success;
const epoch = (over: Record<string, string>) => epochSchema.safeParse({
  drug: 'prednisone', dose: '40', doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: '2024-01-01', startReason: 'started', ...over,
}).success;

describe('medication reason lists', () => {
  it('a stop offers stopped, side effect, ineffective, remission and other, never a start or a dose change', () => {
    expect(reasonOptions(STOP_REASONS).map((r) => r.label)).toEqual(['Stopped', 'Course completed', 'Side effect', 'Ineffective', 'Remission', 'Other']);
    for (const notAStop of ['started', 'increased', 'tapered']) expect(STOP_REASONS).not.toContain(notAStop);
  });

  it('a dose change offers why the dose moved, never "started" or "stopped"', () => {
    expect(reasonOptions(DOSE_CHANGE_REASONS).map((r) => r.label)).toEqual(['Tapered', 'Increased', 'Side effect', 'Ineffective', 'Remission', 'Other']);
    expect(DOSE_CHANGE_REASONS).not.toContain('started');
    expect(DOSE_CHANGE_REASONS).not.toContain('stopped');
  });

  it('a start is never "stopped" and an end never "started"; every list uses the catalog keys only', () => {
    expect(START_REASONS).not.toContain('stopped');
    expect(END_REASONS).not.toContain('started');
    // The epoch a dose change ended carries the change's reason: an end may be one.
    for (const r of DOSE_CHANGE_REASONS) expect(END_REASONS).toContain(r);
    for (const list of [STOP_REASONS, DOSE_CHANGE_REASONS, START_REASONS, END_REASONS]) {
      for (const key of list) expect(ALL).toContain(key);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('each schema accepts exactly its list, so a form, the API and FHIR refuse the same reasons', () => {
    for (const key of ALL) {
      expect(stop(key), `stop: ${key}`).toBe((STOP_REASONS as readonly string[]).includes(key));
      expect(change(key), `change: ${key}`).toBe((DOSE_CHANGE_REASONS as readonly string[]).includes(key));
      expect(epoch({ startReason: key }), `start: ${key}`).toBe((START_REASONS as readonly string[]).includes(key));
      expect(epoch({ endOn: '2024-02-01', endReason: key }), `end: ${key}`).toBe((END_REASONS as readonly string[]).includes(key));
    }
  });

  it('a refused reason names the reasons allowed, in words a clinician reads', () => {
    const message = doseChangeSchema.safeParse({ startOn: '2024-02-01', dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: 'started' }).error?.issues[0]?.message;
    expect(message).toBe('Reason for the change must be one of: tapered, increased, side effect, ineffective, remission, other.');
  });

  it('refuses hostile reasons: wrong types, a label instead of the key, a huge string, a prototype key', () => {
    for (const bad of [1, true, null, ['stopped'], { key: 'stopped' }, 'Stopped', ' stopped', 'x'.repeat(100_000), '__proto__', 'constructor']) {
      expect(stopSchema.safeParse({ endOn: '2024-02-01', endReason: bad }).success, String(bad).slice(0, 20)).toBe(false);
      expect(doseChangeSchema.safeParse({ startOn: '2024-02-01', dose: '20', doseUnit: 'mg', route: 'oral', frequency: 'daily', reason: bad }).success).toBe(false);
    }
  });
});
