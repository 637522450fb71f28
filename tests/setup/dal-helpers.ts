import { expect } from 'vitest';
import { getDb } from '@/db/client';
import { AppError, type ErrorCode } from '@/lib/errors';
import type { Actor } from '@/lib/dal/actor';
import { createPatient } from '@/lib/dal/patients';
import { drainReadEvents } from '@/lib/dal/read-audit';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { tableCounts } from './temp-db';

/** Today (UTC, like every stored date) and a date `n` days before it. */
export const TODAY = clinicToday();
export const daysAgo = (n: number) => addDays(TODAY, -n);

/** Starter catalog ids (drizzle/0002_seed_assay_catalog.sql). */
export const ASSAY = { alphaBlot: 1, betaBlot: 2, betaImmunoblotB: 3, elisa: 4, ip: 5 } as const;

/** Runs `fn` and returns the AppError it threw; fails the test when it succeeds or throws anything else. */
export async function appError(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** The call is refused with `code` (with a message on `field` when given), and no table changed. */
export async function expectRefused(fn: () => unknown, code: ErrorCode, field?: string): Promise<AppError> {
  const before = tableCounts();
  const err = await appError(fn);
  expect(err.code, err.message).toBe(code);
  if (field) {
    expect(Object.keys(err.fieldErrors), err.message).toContain(field);
    expect(err.fieldErrors[field]!.join(' ').length).toBeGreaterThan(5);
  }
  expect(tableCounts()).toEqual(before);
  return err;
}

export const sqlite = () => getDb().$client;

export interface AuditRow {
  id: number;
  user_id: number | null;
  role: string | null;
  origin: string;
  action: string;
  entity: string;
  entity_id: string | null;
  patient_id: number | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}
/** The audit trail as the audit page shows it: read events waiting in the journal are chained first. */
export function auditRows(action?: string): AuditRow[] {
  while (drainReadEvents({ wait: true }) > 0);
  return (action
    ? sqlite().prepare('SELECT * FROM audit_events WHERE action = ? ORDER BY id').all(action)
    : sqlite().prepare('SELECT * FROM audit_events ORDER BY id').all()) as AuditRow[];
}

export interface SignalRow {
  id: number;
  patient_id: number;
  code: string;
  level: string;
  level_rank: number;
  analyte: string | null;
  since: string;
  explanation: string;
  result_ids_json: string;
  fingerprint: string;
  computed_at: string;
}
/** Stored signals of one patient, as rows of patient_signals. */
export const storedSignals = (patientId: number): SignalRow[] =>
  sqlite().prepare('SELECT * FROM patient_signals WHERE patient_id = ? ORDER BY id').all(patientId) as SignalRow[];
export const storedCodes = (patientId: number): string[] => storedSignals(patientId).map((s) => s.code).sort();

export interface SummaryRow {
  patient_id: number;
  top_level_rank: number;
  signal_codes: string;
  latest_signal_since: string | null;
  snapshot_json: string;
  last_titer_on: string | null;
}
export const summaryRow = (patientId: number): SummaryRow | undefined =>
  sqlite().prepare('SELECT * FROM patient_summaries WHERE patient_id = ?').get(patientId) as SummaryRow | undefined;

/** A valid patient form; `over` replaces fields. */
export function patientForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { mrn: 'MRN-1', familyName: 'Doe', givenName: 'Jane', birthDate: '1970-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm', physicianId: '', ...over };
}

let mrnSeq = 0;
/** Registers a patient through the DAL with a fresh MRN. */
export function newPatient(actor: Actor, over: Record<string, unknown> = {}): number {
  mrnSeq += 1;
  return createPatient(actor, patientForm({ mrn: `T-${mrnSeq}-${Math.random().toString(36).slice(2, 7)}`, ...over })).id;
}

/** A valid anti-Mi2 result form (Mi-2β line blot by default). */
export function abForm(collectedOn: string, value: number | string | null, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { assayId: ASSAY.betaBlot, collectedOn, value: value === null ? '' : String(value), ...over };
}

/** A valid CK form in U/L. */
export function ckForm(collectedOn: string, value: number | string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { analyte: 'ck', collectedOn, value: String(value), unit: 'U/L', ...over };
}
