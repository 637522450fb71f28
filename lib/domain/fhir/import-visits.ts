/**
 * Incoming visit measures (MMT-8, global activities, HAQ-DI, extramuscular activity;
 * docs/clinical/README.md sections 4-5) regrouped into visits. A grouping Observation
 * (IMACS core set visit) names its measures in `hasMember` and carries clinician,
 * findings and notes; measures sent without one are grouped by patient and day.
 * The MMT-8 total is never taken on trust: Titerline computes it from the grades
 *, so a total without grades, or one that disagrees
 * with them, is refused.
 */
import { isValidGrade, mmtTests } from '../mmt';
import type { MmtVersion } from '../types';
import { FINDINGS } from '../findings';
import { SYSTEM, VISIT_CODES, type VisitCodeKey } from './codes';
import { asString, codeIn, conceptText, noteText, objects, parseQuantity, quote, reject, unitLabel, type Json } from './import-values';

export type VisitMeasure = Exclude<VisitCodeKey, 'tis'>;
type Scalar = 'physicianGlobal' | 'patientGlobal' | 'haq' | 'extramuscular';

/** One parsed visit Observation; `memberRefs` only on the grouping one. */
export interface VisitPart {
  measure: VisitMeasure;
  clinician?: string;
  notes?: string;
  findings?: string[];
  memberRefs?: string[];
  mmt?: { version: MmtVersion; grades: Record<string, number> };
  value?: number;
}

function parseFindings(r: Json): string[] {
  return objects(r.component).flatMap((c) => {
    const code = codeIn(c.code, SYSTEM.local) ?? '';
    const finding = FINDINGS.find((f) => `finding-${f}` === code);
    if (!finding) reject(`Unknown visit finding ${quote(code || conceptText(c.code) || '(no code)')}: Titerline records ${FINDINGS.join(', ')}.`);
    return c.valueBoolean === true ? [finding] : [];
  });
}

function parseMmt(r: Json, version: MmtVersion): VisitPart['mmt'] {
  const tests = mmtTests(version);
  const grades: Record<string, number> = {};
  for (const c of objects(r.component)) {
    const code = codeIn(c.code, SYSTEM.local) ?? '';
    const test = tests.find((t) => `mmt8-${t.key}` === code) ?? reject(`MMT-8 component ${quote(code || '(no code)')} is not a test of the ${version} MMT-8.`);
    const g = typeof c.valueInteger === 'number' ? c.valueInteger : parseQuantity(c.valueQuantity, `${test.label} grade`).value;
    if (!isValidGrade(g)) reject(`${test.label}: grade ${quote(g)} is not a whole number from 0 to 10 (Kendall scale).`);
    if (grades[test.key] !== undefined) reject(`${test.label} is graded twice.`);
    grades[test.key] = g;
  }
  const graded = Object.values(grades);
  if (graded.length === 0) reject('MMT-8 without per-group grades: Titerline computes the total from the grades, so a total alone cannot be stored.');
  if (r.valueQuantity !== undefined) {
    const total = parseQuantity(r.valueQuantity, 'MMT-8 total').value;
    const sum = graded.reduce((a, b) => a + b, 0);
    if (graded.length < tests.length) reject(`MMT-8 total ${total} given for a partial exam (${graded.length} of ${tests.length} tests): a partial exam has no total.`);
    if (total !== sum) reject(`MMT-8 total ${total} does not match the sum of its grades (${sum}).`);
  }
  return { version, grades };
}

/** A 0-10 VAS in cm; millimetres (0-100 mm) are converted. Other units do not convert. */
function scalarValue(r: Json, measure: Scalar): number {
  const q = parseQuantity(r.valueQuantity, VISIT_CODES[measure].display);
  const unit = (q.code ?? q.unit ?? '').trim();
  if (measure === 'haq') {
    if (['', '{score}', '1', '{index}'].includes(unit)) return q.value;
    return reject(`HAQ-DI unit ${quote(unitLabel(q))} does not convert: HAQ-DI is a unitless score 0-3.`);
  }
  if (unit === 'mm') return Number((q.value / 10).toPrecision(12));
  if (['', 'cm', '{score}'].includes(unit)) return q.value;
  return reject(`${VISIT_CODES[measure].display}: unit ${quote(unitLabel(q))} does not convert to cm (VAS 0-10 cm or 0-100 mm).`);
}

export function parseVisitPart(r: Json, measure: VisitMeasure): VisitPart {
  switch (measure) {
    case 'panel':
      return {
        measure,
        clinician: asString(objects(r.performer)[0]?.display),
        notes: noteText(r.note),
        findings: parseFindings(r),
        memberRefs: objects(r.hasMember).map((m) => asString(m.reference) ?? reject('A hasMember entry has no reference.')),
      };
    case 'mmtUnilateral':
      return { measure, mmt: parseMmt(r, 'unilateral') };
    case 'mmtBilateral':
      return { measure, mmt: parseMmt(r, 'bilateral') };
    default:
      return { measure, value: scalarValue(r, measure), clinician: asString(objects(r.performer)[0]?.display) };
  }
}

/** Shown as the examiner when the sender names nobody, so the import never credits the importing user. */
export const UNNAMED_CLINICIAN = 'Not recorded (FHIR import)';

/**
 * The visit form (lib/validation/visits.ts visitSchema) of one visit's parts: at most
 * one of each measure, one MMT-8 version. Throws a Rejection naming the clash.
 */
export function visitForm(day: string, parts: readonly VisitPart[]): Record<string, unknown> {
  const seen = new Set<VisitMeasure>();
  for (const p of parts) {
    const key = p.measure === 'mmtBilateral' ? 'mmtUnilateral' : p.measure;
    if (seen.has(key)) reject(`The visit on ${day} has two ${p.measure === 'panel' ? 'grouping Observations' : VISIT_CODES[p.measure].display} values.`);
    seen.add(key);
  }
  const panel = parts.find((p) => p.measure === 'panel');
  const mmt = parts.find((p) => p.mmt)?.mmt;
  const form: Record<string, unknown> = {
    visitOn: day,
    clinicianName: panel?.clinician ?? parts.find((p) => p.clinician)?.clinician ?? UNNAMED_CLINICIAN,
    notes: panel?.notes ?? '',
    ...(mmt ? { mmtVersion: mmt.version } : {}),
  };
  for (const p of parts) if (p.value !== undefined) form[p.measure] = p.value;
  for (const [key, grade] of Object.entries(mmt?.grades ?? {})) form[`mmt_${key}`] = grade;
  for (const f of panel?.findings ?? []) form[`finding_${f}`] = true;
  return form;
}
