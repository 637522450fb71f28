/**
 * Generates TypeScript types from an OpenAPI document with openapi-typescript, writes
 * the typed client beside them and compiles with the project's tsc (strict,
 * noUncheckedIndexedAccess). Returns the compiled client module and tsc's verdict on
 * the use that must not compile.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { CLIENT_SOURCE, WRONG_USE } from './client-source';

/** Tests run from the repository root (vitest's root): the project's own tsc compiles the client. */
const ROOT = process.cwd();
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const FLAGS = ['--strict', '--noUncheckedIndexedAccess', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2023,dom', '--skipLibCheck'];

export interface CompiledClient {
  dir: string;
  /** The generated types, as text (for failure messages). */
  types: string;
  client: { call: (base: string, token: string, op: string, method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; body: unknown; headers: Headers }> };
  /** tsc's output for WRONG_USE: empty would mean the types are too loose to catch a mistake. */
  wrongUseErrors: string;
  dispose(): void;
}

function tsc(args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(process.execPath, [TSC, ...FLAGS, ...args], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

export async function compileClient(document: unknown): Promise<CompiledClient> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-contract-'));
  const types = astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
  fs.writeFileSync(path.join(dir, 'schema.ts'), types);
  fs.writeFileSync(path.join(dir, 'client.mts'), CLIENT_SOURCE);
  fs.writeFileSync(path.join(dir, 'wrong.mts'), WRONG_USE);
  const built = tsc(['--outDir', path.join(dir, 'out'), path.join(dir, 'client.mts')]);
  if (!built.ok) throw new Error(`The generated client does not compile:\n${built.output}`);
  const wrong = tsc(['--noEmit', path.join(dir, 'wrong.mts')]);
  const client = (await import(pathToFileURL(path.join(dir, 'out', 'client.mjs')).href)) as CompiledClient['client'];
  return { dir, types, client, wrongUseErrors: wrong.ok ? '' : wrong.output, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
