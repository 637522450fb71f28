/**
 * Data flows down (the architecture's layers): lib/domain is pure clinical logic and
 * imports nothing from the layers above it (validation, the data layer, actions, the
 * app, Next, the database, Node's I/O). A violation names the file and the import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const DOMAIN = path.join(ROOT, 'lib/domain');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : []));
}

const FORBIDDEN = [/^(\.\.\/)+(validation|dal|actions|api|import)\b/, /^@\/(app|lib\/(validation|dal|actions|api|import)|db)\b/, /^(\.\.\/)+\.\.\/(app|db)\b/, /^next(\/|$)/, /^server-only$/, /^(node:)?(fs|net|http|child_process)$/, /^better-sqlite3|^drizzle-orm/];

describe('lib/domain imports only downwards', () => {
  const files = sources(DOMAIN);

  it('finds the domain files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no domain file imports validation, the data layer, the app, Next, the database or I/O', () => {
    const bad: string[] = [];
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        const target = m[1] as string;
        if (FORBIDDEN.some((re) => re.test(target))) bad.push(`${path.relative(ROOT, file)}: ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('client components never import the server side', () => {
  const APP = path.join(ROOT, 'app');
  const clientFiles = sources(APP).filter((f) => /^['"]use client['"]/m.test(fs.readFileSync(f, 'utf8')));

  it('finds the client components', () => {
    expect(clientFiles.length).toBeGreaterThan(10);
  });

  it('no client component imports the data layer, the database, server-only code or the server half of the form state', () => {
    const SERVER = [/^@\/lib\/dal\b/, /^@\/db\b/, /^server-only$/, /^@\/lib\/actions\/form-state$/, /^@\/lib\/api\/http$/];
    const bad: string[] = [];
    for (const file of clientFiles) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^import(?!\s+type)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
        if (SERVER.some((re) => re.test(m[1] as string))) bad.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
