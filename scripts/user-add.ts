/**
 * npm run user:add -- --email E --name N --role R
 * Reads the password from stdin when piped, or prompts for it (hidden) on a terminal.
 */
import readline from 'node:readline';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { cliActor } from '../lib/dal/actor';
import { createUser } from '../lib/dal/users';
import { isAppError } from '../lib/errors';
import { fail, parseArgs } from './cli-args';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  out._writeToOutput = (s: string) => out.output.write(s.startsWith('Password') ? s : '');
  const answer = await new Promise<string>((resolve) => rl.question('Password (12+ characters): ', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const { email, name, role } = flags;
  if (typeof email !== 'string' || typeof name !== 'string' || typeof role !== 'string') {
    fail('Usage: npm run user:add -- --email E --name N --role admin|physician|nurse|reviewer  (password on stdin or prompted)');
  }
  runMigrations(getDb());
  const password = await readPassword();
  try {
    const user = await createUser(cliActor(), { email, name, role, password });
    console.log(`Created ${user.role} ${user.name} <${user.email}> (id ${user.id}).`);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const details = Object.entries(e.fieldErrors).map(([f, m]) => `  ${f}: ${m.join(' ')}`).join('\n');
    fail(`Not created: ${e.message}${details ? `\n${details}` : ''}`);
  } finally {
    closeDb();
  }
}

main();
