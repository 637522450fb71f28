/**
 * npm run doctor [-- --env-file /etc/titerline/titerline.env]
 * Checks a production configuration before the first start (and after every change):
 * prints one line per check (ok, warning, PROBLEM) saying what is wrong in plain words,
 * and exits 1 when there is a problem, 0 otherwise (warnings do not fail). With
 * --env-file it reads the same file the systemd unit does (deploy/titerline.service);
 * its values win over the shell's. Run it as the service's user: the write checks are
 * about that user. The checks: scripts/doctor-checks.ts.
 */
import fs from 'node:fs';
import { fail, parseArgs } from './cli-args';
import { parseEnvFile, runChecks, type Env, type Severity } from './doctor-checks';

const LABEL: Record<Severity, string> = { ok: 'ok      ', warning: 'warning ', problem: 'PROBLEM ' };

function main(): void {
  const { flags } = parseArgs(process.argv.slice(2));
  let env: Env = { ...process.env };
  if (flags['env-file'] !== undefined) {
    const file = flags['env-file'];
    if (typeof file !== 'string') fail('Usage: npm run doctor -- --env-file FILE');
    if (!fs.existsSync(file)) fail(`The environment file ${file} does not exist.`);
    env = { ...env, ...parseEnvFile(fs.readFileSync(file, 'utf8')) };
  }
  const findings = runChecks(env, process.cwd());
  console.log('Titerline doctor: checking this production configuration\n');
  for (const f of findings) console.log(`${LABEL[f.severity]} ${f.subject} ${f.message}`);
  const problems = findings.filter((f) => f.severity === 'problem').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  console.log('');
  if (problems > 0) {
    console.log(`${problems} problem${problems === 1 ? '' : 's'}${warnings ? ` and ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}: fix the problems before starting Titerline.`);
    process.exit(1);
  }
  console.log(warnings ? `No problems; ${warnings} warning${warnings === 1 ? '' : 's'} worth a look.` : 'No problems found.');
}

main();
