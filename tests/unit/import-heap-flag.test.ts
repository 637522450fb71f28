import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_HEAP_FLAG } from '@/scripts/bench/import-heap';

const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('the CSV import runs with the young generation the bench measures it with (decision 0042)', () => {
  it('npm run import, npm run bench and the import the bench starts all take the same heap flag', () => {
    expect(IMPORT_HEAP_FLAG).toBe('--max-semi-space-size=32');
    expect(pkg.scripts.import).toContain(IMPORT_HEAP_FLAG);
    expect(pkg.scripts.bench).toContain(IMPORT_HEAP_FLAG);
    expect(fs.readFileSync(path.join(import.meta.dirname, '../../scripts/bench/import-load.ts'), 'utf8')).toContain('[IMPORT_HEAP_FLAG,');
  });
});
