/**
 * The typed client the contract test compiles against the types openapi-typescript
 * generates from the served document: `call` is what the test runs (compiled by tsc to
 * JavaScript), `uses` reads one field of every 2xx answer so a response typed as
 * undefined, unknown or never fails to compile, and WRONG_USE must fail (the types
 * are not `any`). Kept as text: it is compiled in a temp folder, not by the project.
 */
export const CLIENT_SOURCE = `
import type { operations } from './schema.js';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
export type Ok<Op> = Op extends { responses: { 200: infer R } } ? Json<R> : Op extends { responses: { 201: infer R } } ? Json<R> : never;

export interface Answer<K extends keyof operations> { status: number; body: Ok<operations[K]>; headers: Headers }

export async function call<K extends keyof operations>(
  base: string, token: string, _op: K, method: 'GET' | 'POST', path: string, body?: unknown,
): Promise<Answer<K>> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: 'Bearer ' + token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Ok<operations[K]>, headers: res.headers };
}

export function uses(
  list: Ok<operations['listPatients']>, patient: Ok<operations['getPatient']>, timeline: Ok<operations['getPatientTimeline']>,
  created: Ok<operations['createLabResult']>, assays: Ok<operations['listAssays']>,
): string[] {
  const mrn: string = list.patients[0]?.mrn ?? '';
  const pages: number = list.pages;
  const birth: string = patient.birthDate;
  const enzymes: number = timeline.enzymeResults.length;
  const kind: 'antibody' | 'enzyme' = created.kind;
  const unit: string = assays.assays[0]?.unit ?? '';
  return [mrn, String(pages), birth, String(enzymes), kind, unit];
}
`;

/** Must not compile: an MRN is a string. */
export const WRONG_USE = `
import type { Ok } from './client.mjs';
import type { operations } from './schema.js';
export const wrong = (list: Ok<operations['listPatients']>): number => list.patients[0]!.mrn;
`;
