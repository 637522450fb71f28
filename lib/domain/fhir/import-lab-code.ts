/**
 * What an incoming lab Observation measures: Titerline's own codes, the built-in
 * LOINC codes (docs/clinical/assays.md; enzymes in lib/domain/enzymes.ts), the
 * assay the sender names exactly, or the confirmed code map. Never a guess: anything
 * else is a code to map, offered with candidates (issue 18, item 2).
 */
import type { Analyte, EnzymeAnalyte } from '../types';
import { ANALYTE_DISPLAY } from './codes';
import { checkMappedAssay, namedAssay, type CatalogAssay } from './import-assay';
import { labCandidates, type LabFacts, type MappingRequest } from './import-candidates';
import { requestCodeOf, senderCodesOf, type CodeMap, type SenderCode } from './import-code-map';
import type { ObservationKind } from './import-classify';
import { cutoffQuantity, type AntibodyPlan } from './import-labs';
import { asString, conceptText, describeCodes, isObject, reject, type Json } from './import-values';

export type LabCode =
  | { kind: 'antibody'; analyte: Analyte; assay: CatalogAssay; mapped: boolean }
  | { kind: 'enzyme'; analyte: EnzymeAnalyte; mapped: boolean }
  | { kind: 'ignore' }
  | { kind: 'unmapped'; code: SenderCode; facts: LabFacts; make: () => Omit<MappingRequest, 'key' | 'code' | 'domain' | 'entries'> };

/** What the Observation says about its test, without reading its value strictly (that comes once the code is understood). */
export function labFacts(r: Json, analyte: Analyte | null, lab: string | undefined): LabFacts {
  const q = isObject(r.valueQuantity) ? r.valueQuantity : undefined;
  const high = cutoffQuantity(r);
  const cutoff = isObject(high) && typeof high.value === 'number' && Number.isFinite(high.value) ? high.value : null;
  const text = asString(q?.unit);
  const code = q?.system === 'http://unitsofmeasure.org' ? asString(q.code) : undefined;
  return {
    analyte, lab: lab ?? '', cutoff, numeric: q !== undefined,
    unit: text === undefined && code === undefined ? null : { text, code },
    method: conceptText(r.method) ?? '', display: conceptText(r.code) ?? '',
  };
}

const unmapped = (r: Json, codes: SenderCode[], facts: LabFacts, catalog: readonly CatalogAssay[]): LabCode => {
  const code = requestCodeOf(codes) ?? reject(`Unknown code ${describeCodes(r.code)}: the result has no code or text to map.`);
  return {
    kind: 'unmapped', code, facts,
    make: () => ({
      display: facts.display, lab: facts.lab, unit: facts.unit?.text ?? facts.unit?.code ?? '', cutoff: facts.cutoff, method: facts.method,
      ...labCandidates(catalog, facts),
    }),
  };
};

/** The value-bearing part of an antibody plan, to check a mapped assay against. */
function valueShape(r: Json): Pick<AntibodyPlan, 'value' | 'unit'> {
  const q = isObject(r.valueQuantity) ? r.valueQuantity : undefined;
  const value = typeof q?.value === 'number' ? q.value : null;
  return { value, unit: q ? { text: asString(q.unit), code: q.system === 'http://unitsofmeasure.org' ? asString(q.code) : undefined } : null };
}

/**
 * Resolves the test of a lab Observation. `known` is what its code says by itself
 * (Titerline's local codes or the built-in LOINC codes; null when neither). `application`
 * is the HL7 v2 sending application (MSH-3) of a feed; '' for FHIR.
 */
export function resolveLabCode(r: Json, known: ObservationKind | null, lab: string | undefined, catalog: readonly CatalogAssay[], map: CodeMap, application = ''): LabCode {
  if (known?.kind === 'enzyme') return { kind: 'enzyme', analyte: known.analyte, mapped: false };
  const analyte = known?.kind === 'antibody' ? known.analyte : null;
  const codes = senderCodesOf(r.code, 'lab', lab ?? '', application);
  const found = map.lookup(codes);
  if (found && 'clash' in found) reject(`The code map names different tests for this result's codes (${found.clash.map((c) => `${c.system}|${c.code}`).join(', ')}): correct the mappings under Admin, Code map.`);
  const facts = labFacts(r, analyte, lab);
  if (analyte !== null) {
    const method = isObject(r.method) ? asString(r.method.text) : undefined;
    const named = namedAssay(catalog, { analyte, ...valueShape(r), assay: { name: method, lab } });
    const target = found?.hit.target;
    if (named && target && !(target.kind === 'assay' && target.assayId === named.id)) {
      reject(`The result names the assay ${JSON.stringify(named.name)}, but the code map says this code is something else: correct the mapping under Admin, Code map, or ask the lab.`);
    }
    if (named) return { kind: 'antibody', analyte, assay: named, mapped: false };
    if (!target) return unmapped(r, codes, facts, catalog);
    if (target.kind !== 'assay') reject(`The code map says this ${ANALYTE_DISPLAY[analyte]} code is not an anti-Mi2 assay: correct the mapping under Admin, Code map.`);
  }
  const target = found?.hit.target;
  if (!target) return unmapped(r, codes, facts, catalog);
  if (target.kind === 'ignore') return { kind: 'ignore' };
  if (target.kind === 'enzyme') return { kind: 'enzyme', analyte: target.analyte, mapped: true };
  if (target.kind !== 'assay') return reject('The code map names a drug for this lab code: correct the mapping under Admin, Code map.');
  const assay = checkMappedAssay(catalog.find((a) => a.id === target.assayId), valueShape(r), analyte);
  return { kind: 'antibody', analyte: assay.analyte, assay, mapped: true };
}
