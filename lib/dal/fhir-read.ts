import 'server-only';
import { getDb } from '@/db/client';
import { patientResources } from '../domain/fhir/export-patient';
import { retractedResources } from '../domain/fhir/export-retracted';
import type { ExportResource } from '../domain/fhir/types';
import { can } from '../permissions';
import { forbidden, notFound } from '../errors';
import type { Actor } from './actor';
import { recordRead } from './read-audit';
import { findPatientRow, loadFhirPatientData, patientIdOfRow, type RowKind, type RowScope } from './fhir-data';
import { namedResources } from './fhir-export';

export const READABLE_TYPES = ['Patient', 'Observation', 'MedicationStatement'] as const;
export type ReadableType = (typeof READABLE_TYPES)[number];

/** The stored row an id names (ids are built in lib/domain/fhir/export-input.ts fhirId). */
const ID_FORMS: Readonly<Record<ReadableType, readonly { re: RegExp; kind: RowKind | 'patient'; tis?: true }[]>> = {
  Patient: [{ re: /^([1-9]\d{0,15})$/, kind: 'patient' }],
  Observation: [
    { re: /^ab-([1-9]\d{0,15})$/, kind: 'antibody' },
    { re: /^enz-([1-9]\d{0,15})$/, kind: 'enzyme' },
    { re: /^visit-([1-9]\d{0,15})(?:-[a-z0-9-]{1,40})?$/, kind: 'visit' },
    { re: /^tis-([1-9]\d{0,15})$/, kind: 'visit', tis: true },
  ],
  MedicationStatement: [{ re: /^med-([1-9]\d{0,15})$/, kind: 'medication' }],
};

/** What a read loads: only the row behind the resource (a TIS: every visit and enzyme result). */
function scopeOf(form: { kind: RowKind | 'patient'; rowId: number; tis: boolean }): RowScope {
  if (form.kind === 'patient') return { kind: 'patient' };
  return form.tis ? { kind: 'tis' } : { kind: form.kind, rowId: form.rowId };
}

export type ReadResult = { kind: 'found'; resource: ExportResource } | { kind: 'gone'; message: string };

/**
 * One resource by its id (GET [base]/{type}/{id}), for roles that may view patients.
 * A result, visit or dose marked entered in error is returned with status
 * `entered-in-error` (FHIR's way to say a resource was retracted), so a client that
 * holds it learns of it; a patient record entered in error is gone (410). Every
 * successful read is audited like a record view: one `fhir.read` event naming it.
 */
export function readFhirResource(actor: Actor, type: ReadableType, id: string): ReadResult {
  if (!can(actor, 'patient:view')) throw forbidden({ actor, permission: 'patient:view' });
  const what = type === 'MedicationStatement' ? 'Medication statement' : type;
  let form: { kind: RowKind | 'patient'; rowId: number; tis: boolean } | null = null;
  for (const f of ID_FORMS[type]) {
    const m = f.re.exec(id);
    if (m?.[1]) form = { kind: f.kind, rowId: Number(m[1]), tis: f.tis === true };
  }
  if (!form) throw notFound(what);
  const { kind, rowId } = form;
  const scope = scopeOf(form);
  const read = getDb().transaction((tx): ReadResult & { patientId?: number } => {
    const patientId = kind === 'patient' ? rowId : patientIdOfRow(tx, kind, rowId);
    const p = patientId === undefined ? undefined : findPatientRow(tx, patientId);
    if (!p) throw notFound(what);
    if (p.enteredInError) return { kind: 'gone', message: `This patient record was marked entered in error: ${type.toLowerCase() === 'patient' ? 'it is' : 'its data are'} no longer served.` };
    const data = loadFhirPatientData(tx, p, scope);
    const resource = [...patientResources(data), ...retractedResources(data)].find((r) => r.resourceType === type && r.id === id);
    if (!resource) throw notFound(what);
    return { kind: 'found', resource, patientId: p.id };
  });
  if (read.kind === 'found') {
    // Audited like a record view, through the read journal (read-audit.ts): a read never waits for the write lock.
    recordRead(actor, { action: 'fhir.read', entity: type, entityId: id, patientId: read.patientId ?? null, after: { resources: namedResources([read.resource]) } });
    return { kind: 'found', resource: read.resource };
  }
  return read;
}
