/**
 * Sizes and paths of one bench run. `--small` is the quick mode (a few minutes on
 * 2 cores); the full mode is the cohort the performance budgets are written for.
 */
import path from 'node:path';
import { parseArgs } from '../cli-args';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DATA_DIR = path.join(ROOT, 'bench', 'data');
export const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');

export interface BenchOptions {
  small: boolean;
  /** Patients of the large database (the 20-year patient included). */
  patients: number;
  /** Patients of the reference database: the same pages must cost the same there. */
  refPatients: number;
  /** autocannon: seconds per measured run (after a warm-up of `warmupSeconds`), and rounds of every page. */
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  connections: number;
  /** Rows of the CSV import measurement and the patients they belong to. */
  importRows: number;
  importPatients: number;
  /** Rows of the CLI import the pages are measured against (the 250,000-row file). */
  loadImportRows: number;
  /** Page loads timed in Chromium for the chart draw time. */
  chartLoads: number;
  /** Skip Lighthouse (it takes about a minute); the budget is then reported as not measured. */
  lighthouse: boolean;
  /** Regenerate the databases even when bench/data holds them. */
  regenerate: boolean;
}

export function benchOptions(argv: string[]): BenchOptions {
  const { flags } = parseArgs(argv);
  const small = flags.small === true;
  const num = (name: string, fallback: number) => (typeof flags[name] === 'string' ? Number(flags[name]) : fallback);
  return {
    small,
    patients: num('patients', small ? 500 : 10_000),
    refPatients: num('ref-patients', 100),
    seconds: num('seconds', small ? 3 : 5),
    rounds: num('rounds', small ? 5 : 7),
    warmupSeconds: small ? 2 : 3,
    connections: 10,
    // The import is measured at the same size in both modes, so the two compare (20,000
    // rows for 200 patients gave lower ratios per round: 0.19-0.26 against 0.23-0.37).
    importRows: num('import-rows', 100_000),
    importPatients: 1_000,
    loadImportRows: num('load-import-rows', 250_000),
    chartLoads: small ? 3 : 5,
    lighthouse: flags['no-lighthouse'] !== true,
    regenerate: flags.regenerate === true,
  };
}
