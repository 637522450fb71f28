/**
 * A clinic visit as FHIR R4 Observations: one grouping Observation (the IMACS core
 * set visit: date, clinician, findings, notes) whose `hasMember` lists one
 * Observation per measure taken - MMT-8 total with a component per muscle group,
 * physician and patient global activity, HAQ-DI, extramuscular activity.
 * Sources: docs/clinical/strength.md (MMT-8: a partial exam is never a low total)
 * and section 5 (the six core-set measures). No LOINC codes exist for these
 * (docs/clinical/assays.md): local codes from ./codes.ts.
 */
import { mmtTests, mmtTotal } from '../mmt';
import { FINDING_LABELS, type Finding } from '../findings';
import { findingComponentCode, localCoding, mmtComponentCode, SYSTEM, VISIT_CODES, type VisitCodeKey } from './codes';
import { categoryConcept, concept, fhirId, observationReference, patientReference, quantity, type FhirVisitRow } from './export-input';
import type { Observation, ObservationComponent } from './types';

type ScalarMeasure = 'physicianGlobal' | 'patientGlobal' | 'haq' | 'extramuscular';
/** Who rates the measure decides its category: the clinician's exam or the patient's own report. */
const SCALARS: readonly { key: ScalarMeasure; category: 'exam' | 'survey' }[] = [
  { key: 'physicianGlobal', category: 'exam' },
  { key: 'patientGlobal', category: 'survey' },
  { key: 'haq', category: 'survey' },
  { key: 'extramuscular', category: 'exam' },
];

const CATEGORY_DISPLAY = { exam: 'Exam', survey: 'Survey' } as const;

function measureBase(v: FhirVisitRow, patientId: number, key: VisitCodeKey, category: 'exam' | 'survey'): Observation {
  const c = VISIT_CODES[key];
  return {
    resourceType: 'Observation',
    id: fhirId.visitMeasure(v.id, c.code),
    status: 'final',
    category: categoryConcept(category, CATEGORY_DISPLAY[category]),
    code: concept([localCoding(c.code, c.display)], c.display),
    subject: patientReference(patientId),
    effectiveDateTime: v.visitOn,
  };
}

/** MMT-8: the total only for a complete exam; a partial one carries its grades and says why there is no total. */
function mmtObservation(v: FhirVisitRow, patientId: number): Observation | null {
  if (v.mmtVersion === null) return null;
  const result = mmtTotal(v.mmtVersion, v.mmtGrades);
  const components: ObservationComponent[] = [];
  for (const t of mmtTests(v.mmtVersion)) {
    const g = v.mmtGrades[t.key];
    if (typeof g === 'number') components.push({ code: concept([localCoding(mmtComponentCode(t.key), `${t.label} (Kendall 0-10)`)]), valueInteger: g });
  }
  const base = measureBase(v, patientId, v.mmtVersion === 'unilateral' ? 'mmtUnilateral' : 'mmtBilateral', 'exam');
  const value: Partial<Observation> = result.total !== null
    ? { valueQuantity: quantity(result.total, '{score}', '{score}') }
    : {
        dataAbsentReason: concept(
          [{ system: SYSTEM.dataAbsent, code: 'unknown', display: 'Unknown' }],
          `Partial exam: ${result.tested} of ${result.required} tests graded; a total needs all of them.`,
        ),
      };
  return { ...base, ...value, ...(components.length ? { component: components } : {}) };
}

/** The measure Observations of one visit, in core-set order; measures not taken are left out. */
export function visitMeasureObservations(v: FhirVisitRow, patientId: number): Observation[] {
  const out: Observation[] = [];
  const mmt = mmtObservation(v, patientId);
  if (mmt) out.push(mmt);
  for (const { key, category } of SCALARS) {
    const value = v[key];
    if (value === null) continue;
    const unit = VISIT_CODES[key].unit;
    out.push({ ...measureBase(v, patientId, key, category), valueQuantity: quantity(value, unit, unit) });
  }
  return out;
}

/** The grouping Observation of a visit: date, who examined, findings present, notes, and its measures. */
export function visitPanelObservation(v: FhirVisitRow, patientId: number, members: readonly Observation[]): Observation {
  const c = VISIT_CODES.panel;
  const findings: ObservationComponent[] = v.findings.map((f) => ({
    code: concept([localCoding(findingComponentCode(f), FINDING_LABELS[f as Finding] ?? f)]),
    valueBoolean: true,
  }));
  return {
    resourceType: 'Observation',
    id: fhirId.visit(v.id),
    status: 'final',
    category: categoryConcept('exam', 'Exam'),
    code: concept([localCoding(c.code, c.display)], c.display),
    subject: patientReference(patientId),
    effectiveDateTime: v.visitOn,
    ...(v.clinicianName.trim() ? { performer: [{ display: v.clinicianName }] } : {}),
    ...(v.notes.trim() ? { note: [{ text: v.notes }] } : {}),
    ...(members.length ? { hasMember: members.map((m) => observationReference(m.id ?? '')) } : {}),
    ...(findings.length ? { component: findings } : {}),
  };
}

/** Every Observation of one visit: the grouping one first, then its measures. */
export function visitObservations(v: FhirVisitRow, patientId: number): Observation[] {
  const members = visitMeasureObservations(v, patientId);
  return [visitPanelObservation(v, patientId, members), ...members];
}
