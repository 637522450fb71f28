import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const LOG = fs.readFileSync(path.join(ROOT, 'docs/safety/hazard-log.md'), 'utf8');

/** The hazard log is only worth its controls' tests: each one it names must exist, and each hazard must name one. */
describe('the hazard log', () => {
  it('names only test files that exist (by path, or by file name for the signal tests)', () => {
    const all = fs.readdirSync(path.join(ROOT, 'tests'), { recursive: true, encoding: 'utf8' }).map((f) => `tests/${f}`);
    const named = [...new Set([...LOG.matchAll(/`([^`\s]+\.test\.ts)`/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((f) => !all.some((t) => t === f || t.endsWith(`/${f}`)))).toEqual([]);
  });

  it('gives every hazard a control and at least one test', () => {
    const hazards = LOG.split(/^### /m).slice(1);
    expect(hazards.length).toBeGreaterThan(30);
    const lacking = hazards.filter((h) => !/\*\*Control\*\*/.test(h) || !/\*\*Tests\*\*: [^\n]*\.test\.ts/.test(h)).map((h) => h.split('\n')[0]);
    expect(lacking).toEqual([]);
  });
});
