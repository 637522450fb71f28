/**
 * Where the API's zod schemas are registered for the OpenAPI document
 * (lib/api/openapi.ts): request bodies are described as a client sends them (zod's
 * "input" side), responses as the server writes them ("output"). Each schema's id is
 * its name under #/components/schemas.
 */
import { z } from 'zod';

export interface ApiSchemaMeta { id: string; description?: string }

export const requestSchemas = z.registry<ApiSchemaMeta>();
export const responseSchemas = z.registry<ApiSchemaMeta>();

/** Registers `schema` as a response component and returns it (so a module declares and registers in one line). */
export function responseSchema<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  responseSchemas.add(schema, { id, description });
  return schema;
}

export function requestSchema<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  requestSchemas.add(schema, { id, description });
  return schema;
}

/** An ISO calendar date (YYYY-MM-DD), as every date of the API is written. */
export const isoDay = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: 'date' });
