/**
 * Every document the code cites is in the repository, and every numbered section it
 * cites exists (issue 23): a clone has nothing beside it, so a cited "section 3" must
 * lead somewhere. Scans the source, tests, scripts and docs for citations of a document
 * under docs/ (with or without "section N") and checks the file and its numbered heading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['app', 'lib', 'db', 'scripts', 'tests', 'proxy.ts', 'instrumentation.ts', 'README.md', 'docs'];
const CITATION = /docs\/([A-Za-z0-9_./-]+?\.md)(?: sections? (\d+)(?: and (\d+))?)?/g;

function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((d) =>
    d.name === 'node_modules' || d.name.startsWith('.') || d.name === 'artifacts' ? [] : d.isDirectory() ? files(path.join(entry, d.name)) : /\.(ts|tsx|mts|md)$/.test(d.name) ? [path.join(ROOT, entry, d.name)] : [],
  );
}

interface Citation { from: string; doc: string; sections: number[] }

function citations(): Citation[] {
  const out: Citation[] = [];
  for (const file of SCANNED.flatMap(files)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(CITATION)) {
      const doc = m[1] as string;
      // Paths are from the repository root, as the code writes them.
      out.push({ from: path.relative(ROOT, file), doc, sections: [m[2], m[3]].filter((s): s is string => s !== undefined).map(Number) });
    }
  }
  return out;
}

const headings = new Map<string, Set<number>>();
function sectionsOf(doc: string): Set<number> {
  let set = headings.get(doc);
  if (!set) {
    const text = fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
    set = new Set([...text.matchAll(/^#{2,3} (\d+)\./gm)].map((m) => Number(m[1])));
    headings.set(doc, set);
  }
  return set;
}

describe('cited documents and sections exist in the repository', () => {
  const all = citations();

  it('finds the citations (the scan itself works)', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((c) => c.doc === 'clinical/signals.md')).toBe(true);
  });

  it('every cited file exists under docs/', () => {
    const missing = all.filter((c) => !fs.existsSync(path.join(ROOT, 'docs', c.doc))).map((c) => `${c.from}: docs/${c.doc}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every cited section is a numbered heading of its file', () => {
    const missing = all
      .filter((c) => fs.existsSync(path.join(ROOT, 'docs', c.doc)))
      .flatMap((c) => c.sections.filter((n) => !sectionsOf(c.doc).has(n)).map((n) => `${c.from}: docs/${c.doc} section ${n}`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('the team notes outside the repository are never cited', () => {
    const outside = SCANNED.flatMap(files).filter((f) => /\.\.\/shared\/docs|\/work\/shared/.test(fs.readFileSync(f, 'utf8')) && !f.endsWith('doc-citations.test.ts'));
    expect(outside.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
