/**
 * The structure of the resources Titerline imports (Patient, Observation,
 * MedicationStatement, Condition), checked before any of them is mapped: every element
 * the import reads must have its FHIR R4 JSON type (a Quantity.value is a number, a
 * coding is a list of objects, a subject is an object...). Elements Titerline does not
 * read pass unchecked, and which elements are required, and what their values mean,
 * is the readers' business (import-patient, import-observation, import-medications),
 * whose messages say it in the importer's words. Without this, a mistyped element was
 * read as absent (a `valueQuantity.value` of "12" gave "no value") instead of refused
 * as what it is. Why zod and not the R4 validator the export tests use: decision 31.
 */
import { z } from 'zod';

const str = z.string();
const list = <T extends z.ZodType>(item: T) => z.array(item);

const coding = z.looseObject({ system: str.optional(), version: str.optional(), code: str.optional(), display: str.optional() });
const codeableConcept = z.looseObject({ coding: list(coding).optional(), text: str.optional() });
const identifier = z.looseObject({ system: str.optional(), value: str.optional(), type: codeableConcept.optional() });
const reference = z.looseObject({ reference: str.optional(), identifier: identifier.optional(), display: str.optional() });
const quantity = z.looseObject({ value: z.number().optional(), comparator: str.optional(), unit: str.optional(), system: str.optional(), code: str.optional() });
const period = z.looseObject({ start: str.optional(), end: str.optional() });
const annotation = z.looseObject({ text: str.optional() });
const extension = z.looseObject({ url: str.optional() });
const humanName = z.looseObject({ use: str.optional(), family: str.optional(), given: list(str).optional(), text: str.optional() });

/** What every resource the import reads may carry, besides its own elements. */
const resource = { resourceType: str, id: str.optional(), identifier: list(identifier).optional(), extension: list(extension).optional() };

const patient = z.looseObject({
  ...resource, name: list(humanName).optional(), gender: str.optional(), birthDate: str.optional(), deceasedBoolean: z.boolean().optional(),
});

const observationValue = {
  valueQuantity: quantity.optional(), valueCodeableConcept: codeableConcept.optional(), valueString: str.optional(),
  valueInteger: z.int().optional(), valueBoolean: z.boolean().optional(), dataAbsentReason: codeableConcept.optional(),
};

const observation = z.looseObject({
  ...resource, ...observationValue,
  status: str.optional(), category: list(codeableConcept).optional(), code: codeableConcept.optional(), subject: reference.optional(),
  encounter: reference.optional(), effectiveDateTime: str.optional(), effectivePeriod: period.optional(), issued: str.optional(),
  performer: list(reference).optional(), interpretation: list(codeableConcept).optional(), note: list(annotation).optional(),
  method: codeableConcept.optional(), specimen: reference.optional(), device: reference.optional(),
  referenceRange: list(z.looseObject({ low: quantity.optional(), high: quantity.optional(), text: str.optional() })).optional(),
  hasMember: list(reference).optional(), derivedFrom: list(reference).optional(),
  component: list(z.looseObject({ code: codeableConcept.optional(), ...observationValue })).optional(),
});

const dosage = z.looseObject({
  text: str.optional(), route: codeableConcept.optional(),
  timing: z.looseObject({ code: codeableConcept.optional(), repeat: z.looseObject({ frequency: z.int().optional(), period: z.number().optional(), periodUnit: str.optional() }).optional() }).optional(),
  doseAndRate: list(z.looseObject({ doseQuantity: quantity.optional() })).optional(),
});

const medicationStatement = z.looseObject({
  ...resource, status: str.optional(), statusReason: list(codeableConcept).optional(), medicationCodeableConcept: codeableConcept.optional(),
  medicationReference: reference.optional(), subject: reference.optional(), effectivePeriod: period.optional(), effectiveDateTime: str.optional(),
  dosage: list(dosage).optional(), note: list(annotation).optional(), contained: list(z.looseObject({ resourceType: str })).optional(),
});

const condition = z.looseObject({ ...resource, code: codeableConcept.optional(), subject: reference.optional(), clinicalStatus: codeableConcept.optional() });

const SCHEMAS: Readonly<Record<string, z.ZodType>> = { Patient: patient, Observation: observation, MedicationStatement: medicationStatement, Condition: condition };

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list ([...])', object: 'an object ({...})' };

function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return 'text';
  return typeof v === 'object' ? 'an object' : `${typeof v === 'number' ? 'the number' : typeof v} ${JSON.stringify(v)}`.trim();
}

/** An element path as FHIR writes it: Observation.component[1].valueQuantity.value. */
const elementPath = (type: string, path: readonly PropertyKey[]) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), type);

/**
 * Why a resource of an imported type is not shaped as FHIR R4 JSON (at most three
 * elements named), or null when its structure is sound or its type is not imported.
 */
export function structureProblem(type: string, resource: unknown): string | null {
  const schema = SCHEMAS[type];
  if (!schema) return null;
  const r = schema.safeParse(resource, { reportInput: true });
  if (r.success) return null;
  const problems = r.error.issues.slice(0, 3).map((i) => {
    const expected = i.code === 'invalid_type' ? (TYPE_WORDS[i.expected] ?? i.expected) : null;
    return expected ? `${elementPath(type, i.path)} must be ${expected}, not ${received(i.input)}` : `${elementPath(type, i.path)}: ${i.message}`;
  });
  const more = r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : '';
  return `Not FHIR R4 JSON: ${problems.join('; ')}${more}.`;
}
