/**
 * Fails when db/schema and drizzle/ have drifted: generates into a scratch copy of
 * drizzle/ and checks that drizzle-kit had nothing new to write.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-drift-'));
fs.cpSync(path.join(root, 'drizzle'), scratch, { recursive: true });
const before = fs.readdirSync(scratch).sort();
// drizzle-kit prefixes `out` with './', so it must be relative to the project root.
const output = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', 'drift'], {
  cwd: root,
  env: { ...process.env, DRIZZLE_OUT: path.relative(root, scratch) },
  encoding: 'utf8',
  stdio: 'pipe',
});
const after = fs.readdirSync(scratch).sort();
fs.rmSync(scratch, { recursive: true, force: true });
const added = after.filter((f) => !before.includes(f));
if (added.length === 0 && !output.includes('No schema changes')) {
  console.error(`drizzle-kit did not confirm the schema is unchanged:\n${output}`);
  process.exit(1);
}
if (added.length > 0) {
  console.error(`db/schema changed without a migration (drizzle-kit would write ${added.join(', ')}).`);
  console.error('Run `npm run db:generate` and commit drizzle/.');
  process.exit(1);
}
console.log('Schema and drizzle/ migrations agree.');
