/**
 * npm run bench:import-load [-- --rows 250000 --patients 1000 --seconds 10]
 * Only the "pages during the largest import" part of npm run bench (import-load.ts):
 * prints its rows of the table, exits 1 when its budget is missed.
 */
import { buildIfNeeded } from '../build-if-needed';
import { parseArgs } from '../cli-args';
import { importLoad } from './import-load';
import { ROOT } from './options';
import { importLoadChecks, printTable } from './report';

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
  buildIfNeeded(ROOT);
  const result = await importLoad(num('rows', 250_000), num('patients', 1_000), num('seconds', 10));
  console.log(JSON.stringify(result, null, 2));
  const rows = importLoadChecks(result);
  printTable(rows);
  process.exit(rows.some((r) => r.ok === false) ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
