import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desc } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { createPatient } from '@/lib/dal/patients';
import { drainReadEvents } from '@/lib/dal/read-audit';
import { exportFlowsheetCsv } from '@/lib/dal/timeline-export';
import { AppError } from '@/lib/errors';
import { makeActor } from '../setup/actors';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;
let patientId: number;

beforeEach(async () => {
  db = useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  patientId = createPatient(physician, { mrn: 'MRN-7', familyName: 'Doe', givenName: 'Jane', birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
  for (const [d, v] of [['2024-01-10', 900], ['2024-06-10', 150], ['2025-01-10', 120]] as const) {
    recordEnzymeResult(physician, patientId, { analyte: 'ck', collectedOn: d, value: v, unit: 'U/L', upperLimit: 200 });
  }
});
afterEach(() => db.dispose());

describe('flowsheet CSV export (architecture.md: exports need data:export and are audited)', () => {
  it('writes the window\'s cells and audits the export', () => {
    const { csv, filename } = exportFlowsheetCsv(reviewer, patientId, { from: '2024-01-01', to: '2024-12-31' });
    expect(csv).toBe('Measure,2024-01-10,2024-06-10\r\nCK,900 U/L H,150 U/L\r\nCK reference,≤ 200 U/L,≤ 200 U/L\r\n');
    expect(filename).toBe('flowsheet-MRN-7-2024-01-01-2024-12-31.csv');
    drainReadEvents({ wait: true });
    const last = getDb().select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
    expect(last).toMatchObject({ action: 'patient.export', patientId, userId: reviewer.userId });
    expect(JSON.parse(last?.afterJson ?? '{}')).toMatchObject({ format: 'flowsheet-csv', dates: 2, rows: 2 });
  });

  it('refuses a nurse and writes nothing; rejects a reversed window', () => {
    const before = tableCounts();
    expect(() => exportFlowsheetCsv(nurse, patientId, {})).toThrow(AppError);
    expect(tableCounts()).toEqual(before);
    expect(() => exportFlowsheetCsv(physician, patientId, { from: '2025-01-01', to: '2024-01-01' })).toThrow(/end date/);
    expect(() => exportFlowsheetCsv(physician, 99999, {})).toThrow(/not found/);
  });

  it('without a window exports every date', () => {
    expect(exportFlowsheetCsv(physician, patientId, {}).csv.split('\r\n')[0]).toBe('Measure,2024-01-10,2024-06-10,2025-01-10');
  });
});
