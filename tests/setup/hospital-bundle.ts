/**
 * Bundles shaped like what a hospital lab system sends (issue 18): its own MRN
 * system, urn:uuid references, an Organization as performing lab, a Practitioner and
 * PractitionerRole, an Encounter and ServiceRequest, a Specimen carrying the
 * collection date and accession number, LOINC Observations (one without its own
 * date), a DiagnosticReport, a dermatomyositis Condition, a MedicationStatement
 * without route or timing ("mycophenolate" with its RxNorm code), and a Provenance.
 */
export const HOSPITAL = {
  mrn: 'http://hospital.example.org/fhir/mrn',
  labCodes: 'http://hospital.example.org/fhir/lab-codes',
  results: 'http://hospital.example.org/fhir/result-id',
  accession: 'http://hospital.example.org/fhir/accession',
  statements: 'http://hospital.example.org/fhir/medication-statement-id',
} as const;
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

const uuid = (n: number) => `urn:uuid:7c1e4b2a-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const URL = {
  patient: uuid(1), org: uuid(2), practitioner: uuid(3), role: uuid(4), encounter: uuid(5), order: uuid(6), specimen: uuid(7), report: uuid(8),
  ck: uuid(9), mi2: uuid(10), aldolase: uuid(11), ldh: uuid(12), condition: uuid(13), statement: uuid(14), provenance: uuid(15),
} as const;

export interface HospitalPatient { mrn: string; family: string; given: string[]; birthDate: string; gender: 'female' | 'male' }
export const ASTRID: HospitalPatient = { mrn: 'H-40021', family: 'Lindqvist', given: ['Astrid', 'M'], birthDate: '1968-04-12', gender: 'female' };

export function hospitalPatient(p: HospitalPatient = ASTRID, extraIds: { system: string; value: string }[] = []) {
  return {
    resourceType: 'Patient',
    identifier: [{ type: { coding: [{ system: V2, code: 'MR' }] }, system: HOSPITAL.mrn, value: p.mrn }, ...extraIds],
    name: [{ use: 'official', family: p.family, given: p.given }], gender: p.gender, birthDate: p.birthDate,
  };
}

const subject = { reference: URL.patient };
const lab = (name: string) => ({ resourceType: 'Organization', identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:2.16.840.1.113883.19.${name.length}` }], name });
const qty = (value: number, unit: string, code = unit) => ({ value, unit, system: UCUM, code });
export const resultId = (id: string) => [{ system: HOSPITAL.results, value: id }];

/** The Mi-2β result of a sender lab: LOINC plus the lab's own code, in its unit, with its cut-off as referenceRange.high. */
export function mi2Observation(o: { id?: string; status?: string; value?: number; unit?: string; cutoff?: number; localCode?: string; performer?: unknown; day?: string } = {}) {
  const unit = o.unit ?? 'units';
  return {
    resourceType: 'Observation', status: o.status ?? 'final', identifier: resultId(o.id ?? 'OBS-2'),
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: LOINC, code: '88733-1' }, { system: HOSPITAL.labCodes, code: o.localCode ?? 'MI2B-LB', display: 'Mi-2 beta antibody, line immunoassay' }], text: 'Anti-Mi-2β' },
    subject, ...(o.day ? { effectiveDateTime: o.day } : {}), specimen: { reference: URL.specimen },
    performer: [o.performer ?? { reference: URL.org }], method: { text: 'Line immunoassay (myositis profile)' },
    valueQuantity: { value: o.value ?? 38, unit }, referenceRange: [{ high: { value: o.cutoff ?? 5, unit } }],
  };
}

/** A muscle enzyme with a LOINC code, in U/L with its range. */
export function enzymeObservation(o: { id: string; loinc: string; value: number; high: number; status?: string; day?: string; performer?: unknown }) {
  return {
    resourceType: 'Observation', status: o.status ?? 'final', identifier: resultId(o.id),
    code: { coding: [{ system: LOINC, code: o.loinc }] }, subject, ...(o.day ? { effectiveDateTime: o.day } : {}),
    specimen: { reference: URL.specimen }, performer: [o.performer ?? { reference: URL.org }],
    valueQuantity: qty(o.value, 'U/L'), referenceRange: [{ high: qty(o.high, 'U/L') }],
  };
}

/** The hospital's lab message for one specimen, as a transaction (or collection) Bundle. */
export function hospitalLabBundle(day: string, o: { type?: 'transaction' | 'collection'; patient?: HospitalPatient; labName?: string } = {}) {
  const entries: [string, Record<string, unknown>][] = [
    [URL.patient, hospitalPatient(o.patient)],
    [URL.org, lab(o.labName ?? 'Reference lab A')],
    [URL.practitioner, { resourceType: 'Practitioner', name: [{ family: 'Ortiz', given: ['Elena'], prefix: ['Dr.'] }] }],
    [URL.role, { resourceType: 'PractitionerRole', practitioner: { reference: URL.practitioner }, organization: { reference: URL.org } }],
    [URL.encounter, { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject, period: { start: day } }],
    [URL.order, { resourceType: 'ServiceRequest', status: 'completed', intent: 'order', code: { text: 'Myositis panel and muscle enzymes' }, subject, encounter: { reference: URL.encounter }, requester: { reference: URL.role } }],
    [URL.specimen, {
      resourceType: 'Specimen', subject, accessionIdentifier: { system: HOSPITAL.accession, value: 'ACC-2025-0042' }, type: { text: 'Serum' },
      collection: { collectedDateTime: `${day}T08:15:00+01:00` }, request: [{ reference: URL.order }],
    }],
    [URL.report, {
      resourceType: 'DiagnosticReport', status: 'final', code: { text: 'Myositis panel and muscle enzymes' }, subject, encounter: { reference: URL.encounter },
      effectiveDateTime: `${day}T08:15:00+01:00`, performer: [{ reference: URL.org }], specimen: [{ reference: URL.specimen }],
      result: [{ reference: URL.ck }, { reference: URL.mi2 }, { reference: URL.aldolase }, { reference: URL.ldh }],
    }],
    // CK has no date of its own: the Specimen's collection date is the result's date.
    [URL.ck, enzymeObservation({ id: 'OBS-1', loinc: '2157-6', value: 480, high: 192 })],
    [URL.mi2, mi2Observation({ day: `${day}T08:15:00+01:00` })],
    [URL.aldolase, enzymeObservation({ id: 'OBS-3', loinc: '1761-6', value: 9.4, high: 7.6, day, performer: { reference: URL.role } })],
    [URL.ldh, enzymeObservation({ id: 'OBS-4', loinc: '2532-0', value: 310, high: 247, day })],
    [URL.condition, {
      resourceType: 'Condition', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'M33.1' }, { system: 'http://snomed.info/sct', code: '396230008' }], text: 'Dermatomyositis' }, subject,
    }],
    [URL.statement, {
      resourceType: 'MedicationStatement', status: 'active', identifier: [{ system: HOSPITAL.statements, value: 'MS-7' }],
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '68149', display: 'mycophenolate mofetil' }], text: 'mycophenolate' },
      subject, effectivePeriod: { start: day }, dosage: [{ doseAndRate: [{ doseQuantity: qty(1000, 'mg') }] }],
    }],
    [URL.provenance, { resourceType: 'Provenance', target: [{ reference: URL.report }], recorded: `${day}T12:00:00+01:00`, agent: [{ who: { reference: URL.org } }] }],
  ];
  const type = o.type ?? 'transaction';
  return {
    resourceType: 'Bundle', type,
    entry: entries.map(([fullUrl, resource]) => ({ fullUrl, resource, ...(type === 'transaction' ? { request: { method: 'POST', url: String(resource.resourceType) } } : {}) })),
  };
}

/** A later collection Bundle from the same lab about the same specimen: an amended CK, a preliminary result, a cancelled Mi-2β and a withdrawn result never sent. */
export function hospitalStatusBundle(day: string) {
  const org = { display: 'Reference lab A' };
  const resources: [string, Record<string, unknown>][] = [
    [URL.patient, hospitalPatient()],
    [URL.ck, { ...enzymeObservation({ id: 'OBS-1', loinc: '2157-6', value: 520, high: 192, day, status: 'amended', performer: org }), specimen: undefined }],
    [uuid(21), { ...enzymeObservation({ id: 'OBS-5', loinc: '1742-6', value: 61, high: 35, day, status: 'preliminary', performer: org }), specimen: undefined }],
    [URL.mi2, { ...mi2Observation({ status: 'cancelled', day, performer: org }), specimen: undefined }],
    [uuid(22), { ...enzymeObservation({ id: 'OBS-99', loinc: '1920-8', value: 40, high: 35, day, status: 'entered-in-error', performer: org }), specimen: undefined }],
  ];
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map(([fullUrl, resource]) => ({ fullUrl, resource: JSON.parse(JSON.stringify(resource)) as unknown })) };
}
