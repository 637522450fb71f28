/**
 * One incoming Observation, by status (issue 18, item 1):
 * - final, amended, corrected: stored (amended and corrected correct the earlier
 *   result they match; lib/dal/fhir-import-labs.ts);
 * - preliminary, registered: HELD, which here means listed in the report and not
 *   stored; the lab's final result is imported when it comes;
 * - cancelled, entered-in-error: retract the earlier result they match (marked
 *   entered in error with the reason), or nothing when none is stored.
 * Visit measures and the derived TIS keep their own rules (lib/domain/fhir/import-visits.ts).
 */
import type { Sex } from '../types';
import { ANALYTE_DISPLAY } from './codes';
import type { AntibodyPlan, EnzymePlan } from './import-labs';
import { parseAntibody, parseEnzyme } from './import-labs';
import type { CatalogAssay } from './import-assay';
import type { CodeMap, SenderCode } from './import-code-map';
import { classifyObservation } from './import-classify';
import type { Context, Entry } from './import-context';
import { observationIds, type SenderId } from './import-identifiers';
import { resolveLabCode } from './import-lab-code';
import type { MappingRequest } from './import-candidates';
import type { PartEntry } from './import-group';
import { parseVisitPart } from './import-visits';
import { describeCodes, quote, reject, Rejection, type EntryRef, type Placed } from './import-values';

export const STORED_STATUSES = ['final', 'amended', 'corrected'] as const;
const HELD_STATUSES = ['preliminary', 'registered'];
const RETRACTING_STATUSES = ['cancelled', 'entered-in-error'] as const;

export type LabResult = { kind: 'antibody'; plan: AntibodyPlan; assay: CatalogAssay } | { kind: 'enzyme'; plan: EnzymePlan };

/** A result to store, or to correct an earlier one with. */
export interface LabEntry extends Placed {
  status: (typeof STORED_STATUSES)[number];
  identifiers: SenderId[];
  result: LabResult;
  mapped: boolean;
}

/** A result the lab withdrew; `result` when its code and value could be read (to find it by value). */
export interface Retraction extends EntryRef {
  mrn: string;
  status: (typeof RETRACTING_STATUSES)[number];
  identifiers: SenderId[];
  accession: string;
  result: LabResult | null;
  analyte: string | null;
  /** Its collection day, when it says one. */
  day: string | null;
}

export type ObservationReading =
  | { kind: 'lab'; lab: LabEntry }
  | { kind: 'retraction'; retraction: Retraction }
  | { kind: 'visit'; part: PartEntry }
  | { kind: 'unmapped'; code: SenderCode; message: string; make: () => Omit<MappingRequest, 'key' | 'code' | 'domain' | 'entries'> }
  | { kind: 'line'; outcome: 'held' | 'skipped' | 'ignored'; message: string };

export interface ObservationInput {
  ctx: Context;
  subjectMrn: (subject: unknown) => string;
  catalog: readonly CatalogAssay[];
  codeMap: CodeMap;
  /** The HL7 v2 sending application (MSH-3) whose codes these are; absent for FHIR. */
  application?: string;
  /** The recorded sex of the patient with this MRN, when known (an enzyme's range may be given by sex). */
  sexOf: (mrn: string) => Sex | undefined;
}

function readResult(e: Entry, input: ObservationInput, mrn: string, lab: string | undefined, code: ReturnType<typeof resolveLabCode>): LabResult | null {
  const ctx = { lab, accession: input.ctx.accessionOf(e), sex: () => input.sexOf(mrn) };
  if (code.kind === 'antibody') return { kind: 'antibody', plan: parseAntibody(e.resource, code.analyte, ctx), assay: code.assay };
  if (code.kind === 'enzyme') return { kind: 'enzyme', plan: parseEnzyme(e.resource, code.analyte, ctx) };
  return null;
}

/** A retraction: whatever can be read to find the result it withdraws; the rest is not required. */
function readRetraction(e: Entry, input: ObservationInput, status: Retraction['status']): ObservationReading {
  const r = e.resource;
  let mrn: string;
  try {
    mrn = input.subjectMrn(r.subject);
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    return { kind: 'line', outcome: 'skipped', message: `${status === 'cancelled' ? 'Cancelled' : 'Entered in error'} at the source, and its patient is not identified here: nothing to retract.` };
  }
  let result: LabResult | null = null;
  let analyte: string | null = null;
  let day: string | null = null;
  try {
    day = input.ctx.collectionDay(e);
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
  }
  try {
    const lab = input.ctx.labOf(e);
    const code = resolveLabCode(r, classifyObservation(r.code), lab, input.catalog, input.codeMap, input.application);
    analyte = code.kind === 'antibody' || code.kind === 'enzyme' ? code.analyte : null;
    result = readResult(e, input, mrn, lab, code);
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
  }
  return { kind: 'retraction', retraction: { entry: e.entry, label: e.label, mrn, status, identifiers: observationIds(r.identifier), accession: input.ctx.accessionOf(e), result, analyte, day } };
}

/**
 * What to do about a code nobody has mapped: which test it is, from where, and, for
 * an anti-Mi2 code, whatever is wrong with its value too (one report lists everything).
 */
function unmappedMessage(e: Entry, known: ReturnType<typeof classifyObservation>, lab: string | undefined, input: ObservationInput): string {
  const from = lab ? ` from ${quote(lab)}` : '';
  if (known?.kind !== 'antibody') {
    return `Unknown code ${describeCodes(e.resource.code)}${from}: map it once to a catalog assay, an enzyme or "not imported" (the import preview offers the candidates; Admin, Code map).`;
  }
  let also = '';
  try {
    parseAntibody(e.resource, known.analyte, { lab, accession: input.ctx.accessionOf(e) });
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    also = ` Also: ${err.message}`;
  }
  return `${ANALYTE_DISPLAY[known.analyte]} result${from} (code ${describeCodes(e.resource.code)}): which catalog assay produced it? Map the code once (the import preview offers the candidates; Admin, Code map); results of different assays are never merged.${also}`;
}

export function readObservation(e: Entry, input: ObservationInput): ObservationReading {
  const r = e.resource;
  // Status is read only as a string: String() of a hostile object ({"toString": false}) throws.
  const status = typeof r.status === 'string' ? r.status : undefined;
  const known = classifyObservation(r.code);
  if (known?.kind === 'tis') return { kind: 'line', outcome: 'skipped', message: 'Total Improvement Score: derived, so Titerline recomputes it from the imported measures.' };
  if (status !== undefined && HELD_STATUSES.includes(status)) {
    return { kind: 'line', outcome: 'held', message: `${status === 'registered' ? 'Registered, no result yet' : 'Preliminary result'}: held, which means listed here and not stored. It is imported when the lab sends it as final.` };
  }
  const retracting = RETRACTING_STATUSES.find((s) => s === status);
  if (retracting && known?.kind === 'visit') return { kind: 'line', outcome: 'skipped', message: `${retracting === 'cancelled' ? 'Cancelled' : 'Entered in error'} at the source: not imported.` };
  if (retracting) return readRetraction(e, input, retracting);
  const stored = STORED_STATUSES.find((s) => s === status);
  if (!stored) reject(`Status ${quote(r.status ?? '(missing)')}: results are imported as final, amended or corrected, held when preliminary, and retracted when cancelled or entered in error.`);
  const mrn = input.subjectMrn(r.subject);
  const day = input.ctx.collectionDay(e);
  const placed = { entry: e.entry, label: e.label, mrn, day };
  if (known?.kind === 'visit') return { kind: 'visit', part: { ...placed, fullUrl: e.fullUrl, id: e.id, part: parseVisitPart(r, known.measure) } };
  const lab = input.ctx.labOf(e);
  const code = resolveLabCode(r, known, lab, input.catalog, input.codeMap, input.application);
  if (code.kind === 'unmapped') return { kind: 'unmapped', code: code.code, make: code.make, message: unmappedMessage(e, known, lab, input) };
  if (code.kind === 'ignore') return { kind: 'line', outcome: 'ignored', message: `Not imported: the code map says ${describeCodes(r.code)} is not a result Titerline records.` };
  const result = readResult(e, input, mrn, lab, code);
  if (!result) return reject('Unreachable: a lab code without a result.');
  return { kind: 'lab', lab: { ...placed, status: stored, identifiers: observationIds(r.identifier), result, mapped: code.mapped } };
}
