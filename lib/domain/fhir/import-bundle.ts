/**
 * Reads an incoming FHIR R4 Bundle (collection, batch, transaction or searchset, or
 * a single resource) into plans the DAL writes through the product's own write path,
 * a report line for every resource that is not simply imported, and the sender codes
 * still to map. Pure: the catalog and the confirmed code map are passed in; which
 * patients and results exist is the DAL's question. Any rejected line means nothing
 * is written (all or nothing, issue 18 item 6).
 */
import { classifyAntibody } from '../antibody';
import type { Sex } from '../types';
import { drugCandidates, requestFor, type MappingRequest } from './import-candidates';
import type { CatalogAssay } from './import-assay';
import type { CodeMap } from './import-code-map';
import { conditionText, proposeGroup, readCondition, type DiagnosisGroup, type Mi2Evidence } from './import-condition';
import { buildContext, contextNote, type Entry } from './import-context';
import { CONTEXT_TYPES, readEntries, readEnvelope } from './import-entries';
import { groupVisits, type PartEntry, type VisitPlan } from './import-group';
import { idText, matchable, observationIds, type SenderId } from './import-identifiers';
import { parseMedication, readDrug, TAKEN_STATUSES, type MedicationPlan } from './import-medications';
import { readObservation, type LabEntry, type Retraction } from './import-observation';
import { MRN_REQUIRED, mrnOf, parsePatient, type PatientPlan } from './import-patient';
import { rejectedLine, type ImportCounts, type ReportLine } from './import-report';
import { structureProblem } from './import-structure';
import { asString, isObject, quote, reject, Rejection, type EntryRef, type Json } from './import-values';

export { BUNDLE_TYPES, MAX_ENTRIES } from './import-entries';

export interface ParseInput {
  catalog: readonly CatalogAssay[];
  codeMap: CodeMap;
  /** The HL7 v2 sending application (MSH-3) when the Bundle was made from a v2 message (lib/interop/hl7): part of its codes' key. */
  application?: string;
  /** The clinic's IANA time zone: a date-time with a time is placed on the clinic's day in it (decision 0044). */
  timeZone: string;
  /**
   * The recorded sex of the registered patient with this MRN (any case), undefined when
   * none is registered: then the Bundle's Patient says it. Asked only for an enzyme
   * range given by sex; without it, such a range is refused.
   */
  registeredSex?: (mrn: string) => Sex | undefined;
}

/** A diagnosis group a Condition suggests for a patient (never applied by the import). */
export interface Proposal extends EntryRef { mrn: string; group: DiagnosisGroup | null; why: string }

export interface ParsedBundle {
  patients: (PatientPlan & EntryRef)[];
  labs: LabEntry[];
  retractions: Retraction[];
  visits: VisitPlan[];
  medications: (MedicationPlan & EntryRef & { mrn: string; identifiers: SenderId[] })[];
  proposals: Proposal[];
  lines: ReportLine[];
  mappings: MappingRequest[];
  counts: Pick<ImportCounts, 'held' | 'ignored'>;
}

const empty = (lines: ReportLine[]): ParsedBundle => ({ patients: [], labs: [], retractions: [], visits: [], medications: [], proposals: [], lines, mappings: [], counts: { held: 0, ignored: 0 } });

export function parseBundle(input: unknown, data: ParseInput): ParsedBundle {
  const envelope = readEnvelope(input);
  if (!envelope.ok) return empty([rejectedLine(null, 'Bundle', envelope.message)]);
  const out = empty([]);
  const { lines } = out;
  const entries = readEntries(envelope.raw, envelope.type, lines);
  const ctx = buildContext(entries, data.timeZone);
  const requests = new Map<string, MappingRequest>();
  // Structure first (import-structure.ts): a mistyped element is refused as such, never read as absent.
  const attempt = (e: Entry, fn: () => void) => {
    try {
      // A Condition's own reader turns its problems into an ignored line (it only proposes).
      const problem = e.type === 'Condition' ? null : structureProblem(e.type, e.resource);
      if (problem) reject(problem);
      fn();
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      lines.push(rejectedLine(e.entry, e.label, err.message));
    }
  };
  const line = (e: EntryRef, outcome: ReportLine['outcome'], message: string): void => {
    lines.push({ entry: e.entry, resource: e.label, outcome, message });
  };
  const ofType = (t: string) => entries.filter((x) => x.type === t);

  // Patients first: other resources point at them. null = a Patient that could not be read.
  const patientOf = new Map<Entry, string | null>();
  for (const e of ofType('Patient')) {
    patientOf.set(e, null);
    attempt(e, () => {
      const plan = parsePatient(e.resource);
      if (out.patients.some((p) => p.mrn === plan.mrn)) reject(`A second Patient with MRN ${quote(plan.mrn)}: duplicate resource.`);
      out.patients.push({ ...plan, entry: e.entry, label: e.label });
      patientOf.set(e, plan.mrn);
      for (const w of plan.warnings) line(e, 'note', w);
    });
  }
  const subjectMrn = (subject: unknown): string => {
    if (!isObject(subject)) return reject('No subject: every resource must say which patient it belongs to.');
    const ref = asString(subject.reference);
    if (ref !== undefined) {
      const hit = ctx.resolve(subject, ['Patient']);
      if (!hit) return reject(`subject ${quote(ref, 120)} does not resolve to a Patient in this Bundle: include the Patient, or reference it by its MRN identifier.`);
      return patientOf.get(hit) ?? reject(`subject ${quote(ref, 120)} is a Patient that could not be imported (see its line).`);
    }
    return mrnOf([subject.identifier]) ?? reject(`subject ${MRN_REQUIRED}`);
  };

  // A registered patient keeps its record (the import never changes demographics); a new one is the Bundle's.
  const sexOf = (mrn: string): Sex | undefined => data.registeredSex?.(mrn) ?? out.patients.find((p) => p.mrn.toLowerCase() === mrn.toLowerCase())?.form.sex;
  const parts: PartEntry[] = [];
  const seenIds = new Map<string, string>();
  for (const e of ofType('Observation')) {
    attempt(e, () => {
      // One version of each result per Bundle: a result and its amendment together cannot be ordered safely.
      for (const id of matchable(observationIds(e.resource.identifier))) {
        const first = seenIds.get(idText(id));
        if (first) reject(`Identifier ${quote(idText(id), 120)} is also on ${first}: send one version of each result per Bundle.`);
        seenIds.set(idText(id), e.label);
      }
      const reading = readObservation(e, { ctx, subjectMrn, catalog: data.catalog, codeMap: data.codeMap, application: data.application, sexOf });
      if (reading.kind === 'lab') out.labs.push(reading.lab);
      else if (reading.kind === 'retraction') out.retractions.push(reading.retraction);
      else if (reading.kind === 'visit') parts.push(reading.part);
      else if (reading.kind === 'unmapped') {
        const req = requestFor(requests, reading.code, e.entry, reading.make);
        lines.push({ ...rejectedLine(e.entry, e.label, reading.message), mapKey: req.key });
      } else {
        line(e, reading.outcome, reading.message);
        if (reading.outcome === 'held') out.counts.held++;
        if (reading.outcome === 'ignored') out.counts.ignored++;
      }
    });
  }
  for (const e of ofType('MedicationStatement')) attempt(e, () => readStatement(e, out, { ctx, subjectMrn, requests, codeMap: data.codeMap, timeZone: data.timeZone }));
  for (const e of ofType('Condition')) attempt(e, () => readConditionEntry(e, out, subjectMrn));
  for (const e of entries) {
    if (CONTEXT_TYPES.includes(e.type)) {
      line(e, 'context', contextNote(e));
      out.counts.ignored++;
    } else if (!['Patient', 'Observation', 'MedicationStatement', 'Condition'].includes(e.type)) {
      line(e, 'ignored', `${/^[AEIOU]/.test(e.type) ? 'An' : 'A'} ${e.type} is not recorded in Titerline: ignored.`);
      out.counts.ignored++;
    }
  }
  out.visits = groupVisits(parts, lines);
  out.mappings = [...requests.values()];
  return out;
}

interface StatementInput { ctx: ReturnType<typeof buildContext>; subjectMrn: (s: unknown) => string; requests: Map<string, MappingRequest>; codeMap: CodeMap; timeZone: string }

/** The drug concept of a statement: its own, a contained Medication's, or a Medication entry's code. */
function medicationConcept(r: Json, ctx: StatementInput['ctx']): unknown {
  if (r.medicationCodeableConcept !== undefined) return r.medicationCodeableConcept;
  const ref = isObject(r.medicationReference) ? asString(r.medicationReference.reference) : undefined;
  if (ref?.startsWith('#')) {
    const contained = (Array.isArray(r.contained) ? r.contained : []).find((c) => isObject(c) && c.resourceType === 'Medication' && `#${String(c.id)}` === ref);
    return isObject(contained) ? contained.code : undefined;
  }
  return ctx.resolve(r.medicationReference, ['Medication'])?.resource.code;
}

function readStatement(e: Entry, out: ParsedBundle, input: StatementInput): void {
  const r = e.resource;
  const note = (outcome: ReportLine['outcome'], message: string): void => {
    out.lines.push({ entry: e.entry, resource: e.label, outcome, message });
  };
  if (r.status === 'entered-in-error') return note('skipped', 'Entered in error at the source: not imported.');
  if (typeof r.status !== 'string' || !TAKEN_STATUSES.includes(r.status)) {
    if (typeof r.status === 'string' && ['intended', 'not-taken', 'on-hold', 'unknown'].includes(r.status)) {
      out.counts.ignored++;
      return note('ignored', `Status ${quote(r.status)}: not a dose being or having been taken, so no dose epoch is recorded. Enter it by hand if it should count.`);
    }
    reject(`Status ${quote(r.status ?? '(missing)')} is not a dose that was taken: Titerline imports active, completed or stopped statements.`);
  }
  const mrn = input.subjectMrn(r.subject);
  const drug = readDrug(r, medicationConcept(r, input.ctx), input.codeMap);
  if (drug.kind === 'ignore') {
    out.counts.ignored++;
    return note('ignored', 'Not recorded: the code map says this drug does not bear on myositis treatment.');
  }
  if (drug.kind === 'unmapped') {
    const req = requestFor(input.requests, drug.code, e.entry, () => ({ display: drug.text ?? drug.code.code, lab: '', unit: '', cutoff: null, method: '', ...drugCandidates(drug.codings, drug.text) }));
    out.lines.push({ ...rejectedLine(e.entry, e.label, `${quote(drug.text ?? drug.code.code)} is not a catalog drug name: map it once to a catalog drug, another drug or "not recorded" (the import preview offers the candidates; Admin, Code map).`), mapKey: req.key });
    return;
  }
  const plan = parseMedication(r, drug.fields, input.timeZone);
  out.medications.push({ ...plan, mapped: drug.mapped, mrn, identifiers: matchable(observationIds(r.identifier)), entry: e.entry, label: e.label });
  for (const n of plan.notes) note('note', n);
}

/** The anti-Mi2 evidence of the Bundle for one patient. */
function mi2Evidence(labs: readonly LabEntry[], mrn: string): Mi2Evidence {
  const classes = labs.flatMap((l) => {
    if (l.mrn !== mrn || l.result.kind !== 'antibody') return [];
    const { plan, assay } = l.result;
    return [classifyAntibody({ value: plan.value, comparator: plan.comparator, qualitative: plan.qualitative, cutoff: plan.cutoff ?? assay.cutoff, positiveFrom: assay.positiveFrom, strongAbove: assay.strongAbove })];
  });
  if (classes.some((c) => c === 'positive' || c === 'strong')) return 'positive';
  return classes.length && classes.every((c) => c === 'negative') ? 'negative' : 'none';
}

function readConditionEntry(e: Entry, out: ParsedBundle, subjectMrn: (s: unknown) => string): void {
  const line = (outcome: ReportLine['outcome'], message: string): void => {
    out.lines.push({ entry: e.entry, resource: e.label, outcome, message });
  };
  out.counts.ignored++;
  // A Condition only ever proposes a group: a malformed one proposes nothing and stops nothing.
  const problem = structureProblem(e.type, e.resource);
  if (problem) return line('ignored', `${problem} No diagnosis group is proposed from it.`);
  const reading = readCondition(e.resource);
  if (reading.kind === 'other') return line('ignored', `Condition ${conditionText(e.resource)}: diagnoses other than dermatomyositis are not recorded in Titerline.`);
  if (reading.kind === 'polymyositis') return line('ignored', `Condition ${conditionText(e.resource)} (${reading.code}): polymyositis, so no dermatomyositis group is proposed.`);
  let mrn: string;
  try {
    mrn = subjectMrn(e.resource.subject);
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    return line('ignored', `Condition ${conditionText(e.resource)}: its patient is not identified here, so no diagnosis group is proposed.`);
  }
  const { group, why } = proposeGroup(reading, mi2Evidence(out.labs, mrn), e.resource);
  out.proposals.push({ entry: e.entry, label: e.label, mrn, group, why });
}
