/**
 * What an incoming Observation is, from its code: Titerline's local codes first
 * (they are unambiguous), then the LOINC codes of docs/clinical/assays.md (anti-Mi2
 * alpha/beta by line blot and presence, CK) and lib/domain/enzymes.ts ENZYME (other
 * muscle enzymes). Anything else is "unknown code" in the report.
 */
import { ENZYME } from '../enzymes';
import { ANALYTES, ENZYME_ANALYTES, type Analyte, type EnzymeAnalyte } from '../types';
import { ANTIBODY_LOINC, SYSTEM, VISIT_CODES, type VisitCodeKey } from './codes';
import { codeIn } from './import-values';

export type ObservationKind =
  | { kind: 'antibody'; analyte: Analyte }
  | { kind: 'enzyme'; analyte: EnzymeAnalyte }
  | { kind: 'visit'; measure: Exclude<VisitCodeKey, 'tis'> }
  | { kind: 'tis' };

const VISIT_BY_CODE = new Map<string, VisitCodeKey>(Object.entries(VISIT_CODES).map(([key, c]) => [c.code, key as VisitCodeKey]));

export function classifyObservation(code: unknown): ObservationKind | null {
  const local = codeIn(code, SYSTEM.local);
  if (local !== undefined) {
    const analyte = ANALYTES.find((a) => a === local);
    if (analyte) return { kind: 'antibody', analyte };
    const enzyme = ENZYME_ANALYTES.find((a) => a === local);
    if (enzyme) return { kind: 'enzyme', analyte: enzyme };
    const measure = VISIT_BY_CODE.get(local);
    if (measure === 'tis') return { kind: 'tis' };
    if (measure) return { kind: 'visit', measure };
  }
  const loinc = codeIn(code, SYSTEM.loinc);
  if (loinc !== undefined) {
    for (const analyte of ['mi2-alpha', 'mi2-beta'] as const) {
      const c = ANTIBODY_LOINC[analyte];
      if (loinc === c.units || loinc === c.presence) return { kind: 'antibody', analyte };
    }
    const enzyme = ENZYME_ANALYTES.find((a) => ENZYME[a].loinc === loinc);
    if (enzyme) return { kind: 'enzyme', analyte: enzyme };
  }
  return null;
}
