import 'server-only';
import { z } from 'zod';
import { can } from '../permissions';
import { forbidden } from '../errors';
import { buildFlowsheet } from '../domain/timeline/flowsheet';
import { flowsheetCsv, sliceFlowsheet } from '../domain/timeline/flowsheet-view';
import { optionalIsoDate } from '../validation/common';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { loadPatient } from './clinical-guards';
import { loadPatientClinicalData } from './patient-data';
import { getDb } from '@/db/client';
import { recordRead } from './read-audit';

/** The window the flowsheet shows; empty ends mean "from the first" / "to the last" date. */
const windowSchema = z
  .object({ from: optionalIsoDate('From date'), to: optionalIsoDate('To date') })
  .refine((w) => w.from === null || w.to === null || w.from <= w.to, { path: ['to'], message: 'The end date must not be before the start date.' });

/**
 * The patient's flowsheet for a date window as CSV: exactly the cells the page
 * shows for that window (same builder, same slice). Needs `data:export`; the
 * export is audited (read journal: read-audit.ts) once the rows are read.
 */
export function exportFlowsheetCsv(actor: Actor, patientId: number, rawWindow: unknown): { csv: string; filename: string } {
  if (!can(actor, 'data:export')) throw forbidden({ actor, permission: 'data:export', target: `patient ${patientId}` });
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view', target: `patient ${patientId}` });
  const w = parseOrThrow(windowSchema, rawWindow);
  const from = w.from ?? '0001-01-01';
  const to = w.to ?? '9999-12-31';
  const { patient, view } = getDb().transaction((tx) => {
    const found = loadPatient(tx, patientId);
    const data = loadPatientClinicalData(patientId);
    return { patient: found, view: sliceFlowsheet(buildFlowsheet(data.antibodyResults, data.enzymeResults, data.visits, data.medications), from, to) };
  });
  recordRead(actor, {
    action: 'patient.export', entity: 'patient', entityId: patientId, patientId,
    after: { format: 'flowsheet-csv', from: w.from, to: w.to, dates: view.dates.length, rows: view.rows.length },
  }, { durable: true });
  const safeMrn = patient.mrn.replace(/[^A-Za-z0-9_-]/g, '_');
  return { csv: flowsheetCsv(view), filename: `flowsheet-${safeMrn}-${w.from ?? 'start'}-${w.to ?? 'end'}.csv` };
}
