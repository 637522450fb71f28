/**
 * Checks a JSON answer against the schema the served OpenAPI document gives for it:
 * $refs into components resolved, then zod's JSON Schema reader (z.fromJSONSchema).
 * The check reads the document as served, not the zod schemas it was generated from.
 */
import { z } from 'zod';

interface OpenApiDoc { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, Operation>> }
export interface Operation {
  operationId?: string;
  responses: Record<string, { content?: { 'application/json'?: { schema?: unknown } } }>;
}

function deref(doc: OpenApiDoc, s: unknown, depth = 0): unknown {
  if (depth > 20) throw new Error('Schema nests too deep (a $ref cycle?)');
  if (Array.isArray(s)) return s.map((x) => deref(doc, x, depth + 1));
  if (!s || typeof s !== 'object') return s;
  const o = s as Record<string, unknown>;
  if (typeof o.$ref === 'string') {
    const target = doc.components.schemas[o.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`Unresolved ${o.$ref}`);
    return deref(doc, target, depth + 1);
  }
  // OpenAPI's discriminator is a hint for generators; JSON Schema validation ignores it.
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'discriminator').map(([k, v]) => [k, deref(doc, v, depth + 1)]));
}

/** The zod reading of the schema of `status` of one operation; throws when the document gives none. */
export function responseSchema(doc: unknown, op: Operation, status: number): z.ZodType {
  const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${op.operationId} documents no JSON schema for ${status}`);
  return z.fromJSONSchema(deref(doc as OpenApiDoc, schema) as Parameters<typeof z.fromJSONSchema>[0]);
}

/** Every operation of the document, as [path, method, operation]. */
export const operationsOf = (doc: unknown): [string, string, Operation][] =>
  Object.entries((doc as OpenApiDoc).paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => [p, m, op] as [string, string, Operation]));
