/**
 * Conditions in an incoming Bundle (issue 18, item 1): a dermatomyositis diagnosis
 * PROPOSES the patient's diagnosis group; it never changes a stored patient, and a
 * patient the import creates keeps what its Patient resource says. Which
 * dermatomyositis group depends on anti-Mi2 (docs/clinical/evidence.md section 3), so the
 * proposal reads the Bundle's anti-Mi2 results and says so; without them it asks.
 * Codes: ICD-10 M33.0 (juvenile), M33.1 (other dermatomyositis), M33.9
 * (dermatopolymyositis, unspecified), and SNOMED CT 396230008 |Dermatomyositis|.
 * M33.2 is polymyositis: no dermatomyositis group is proposed for it.
 */
import type { DIAGNOSIS_GROUPS } from '../types';
import { SYSTEM } from './codes';
import { asString, codeIn, codingsOf, conceptText, isObject, objects, quote, type Json } from './import-values';

export const ICD10_SYSTEMS = ['http://hl7.org/fhir/sid/icd-10', 'http://hl7.org/fhir/sid/icd-10-cm'];
const SNOMED_DERMATOMYOSITIS = '396230008';

export type DiagnosisGroup = (typeof DIAGNOSIS_GROUPS)[number];

export type ConditionReading =
  | { kind: 'dermatomyositis'; code: string }
  | { kind: 'polymyositis'; code: string }
  | { kind: 'other' };

const icdDot = (code: string) => code.toUpperCase().replace(/^([A-Z]\d\d)(\d)/, '$1.$2');

/** What a Condition says, for the diagnosis group; refuted or erroneous diagnoses count as "other". */
export function readCondition(r: Json): ConditionReading {
  const verification = codeIn(r.verificationStatus, 'http://terminology.hl7.org/CodeSystem/condition-ver-status');
  if (verification === 'refuted' || verification === 'entered-in-error') return { kind: 'other' };
  for (const c of codingsOf(r.code)) {
    if (c.system && ICD10_SYSTEMS.includes(c.system) && c.code) {
      const code = icdDot(c.code);
      if (/^M33\.[019]/.test(code)) return { kind: 'dermatomyositis', code: `ICD-10 ${code}` };
      if (/^M33\.2/.test(code)) return { kind: 'polymyositis', code: `ICD-10 ${code}` };
    }
    if (c.system === SYSTEM.snomed && c.code === SNOMED_DERMATOMYOSITIS) return { kind: 'dermatomyositis', code: `SNOMED CT ${SNOMED_DERMATOMYOSITIS}` };
  }
  return { kind: 'other' };
}

/** Anti-Mi2 evidence in the Bundle for one patient: any positive result, or only negative ones. */
export type Mi2Evidence = 'positive' | 'negative' | 'none';

export const GROUP_WORDS: Readonly<Record<DiagnosisGroup, string>> = {
  'mi2-pos-dm': 'Anti-Mi2-positive dermatomyositis', 'mi2-neg-dm': 'Anti-Mi2-negative dermatomyositis',
  antisynthetase: 'Antisynthetase syndrome', imnm: 'Immune-mediated necrotizing myopathy', other: 'Other',
};

/** The proposed group and the words of the report line (null group: the anti-Mi2 status decides, and the Bundle has none). */
export function proposeGroup(reading: Extract<ConditionReading, { kind: 'dermatomyositis' }>, evidence: Mi2Evidence, r: Json): { group: DiagnosisGroup | null; why: string } {
  const what = `${quote(conceptText(r.code) ?? 'Dermatomyositis')} (${reading.code})`;
  if (evidence === 'positive') return { group: 'mi2-pos-dm', why: `Condition ${what} with a positive anti-Mi2 result in this Bundle` };
  if (evidence === 'negative') return { group: 'mi2-neg-dm', why: `Condition ${what} with only negative anti-Mi2 results in this Bundle` };
  return { group: null, why: `Condition ${what}; the anti-Mi2 status decides between the two dermatomyositis groups, and this Bundle has no anti-Mi2 result Titerline can read` };
}

/** The Condition's subject reference (or identifier), for the caller to resolve. */
export const conditionSubject = (r: Json): unknown => (isObject(r.subject) ? r.subject : undefined);

/** A short text of a Condition for an "ignored" line. */
export const conditionText = (r: Json): string => quote(conceptText(r.code) ?? objects(isObject(r.code) ? r.code.coding : undefined).map((c) => asString(c.code)).join(', ') ?? '(no code)');
