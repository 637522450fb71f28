import 'server-only';
/**
 * What the operator's monitoring asks of the store: is this server ready to serve
 * (GET /api/health), and the store's gauges for the metrics (GET /api/metrics). Neither
 * reads patient data or writes anything, so neither takes an actor: the health answer is
 * public (a load balancer asks it) and says only ok or not per part, with no path, no
 * file name and no error text; the metrics sit behind their own token
 * (app/api/metrics/route.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { databasePath, getDb } from '@/db/client';
import { authLimits } from './auth-config';
import { touchIntervalMs } from './auth';

export interface CheckResult { ok: boolean; detail: string }
export type CheckName = 'database' | 'read' | 'migrations' | 'disk';
export interface Readiness { ok: boolean; checks: Record<CheckName, CheckResult> }

const DEFAULT_MIN_FREE_MB = 500;

/** TITERLINE_MIN_FREE_MB: the free space the database's disk must keep (500 MB unless set). */
export function minFreeMegabytes(): number {
  const n = Number(process.env.TITERLINE_MIN_FREE_MB);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_MIN_FREE_MB;
}

let expected: { count: number; last: number } | null = null;

/** The migrations this version of the code brings (drizzle/, read once per process). */
function expectedMigrations(): { count: number; last: number } {
  if (!expected) {
    const all = readMigrationFiles({ migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), 'drizzle') });
    expected = { count: all.length, last: Math.max(0, ...all.map((m) => m.folderMillis)) };
  }
  return expected;
}

const NOT_CHECKED: CheckResult = { ok: false, detail: 'not checked: the database did not open' };

function migrationsCheck(): CheckResult {
  const want = expectedMigrations();
  const rows = getDb().$client.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as { at: number | string }[];
  const applied = rows.map((r) => Number(r.at));
  const last = Math.max(0, ...applied);
  const pending = want.count - applied.filter((at) => at <= want.last).length;
  if (last > want.last) return { ok: false, detail: 'the database was migrated by a newer version of Titerline than this one' };
  if (pending > 0) return { ok: false, detail: `${pending} migration${pending === 1 ? ' is' : 's are'} not applied: run npm run db:migrate (npm start does it)` };
  return { ok: true, detail: `all ${want.count} migrations applied` };
}

function diskCheck(file: string): CheckResult {
  const need = minFreeMegabytes();
  const st = fs.statfsSync(path.dirname(/*turbopackIgnore: true*/ file));
  const freeMb = Math.floor((Number(st.bavail) * Number(st.bsize)) / (1024 * 1024));
  return freeMb >= need ? { ok: true, detail: `at least ${need} MB free` } : { ok: false, detail: `less than ${need} MB free on the database's disk` };
}

/** Runs `check`, turning a failure into a plain sentence (the error's own text can name files). */
function attempt(check: () => CheckResult, failed: string): CheckResult {
  try {
    return check();
  } catch {
    return { ok: false, detail: failed };
  }
}

/**
 * Readiness: the database file exists and opens, a read of a real table works, every
 * migration this version brings is applied (and none from a newer version), and the
 * database's disk has at least TITERLINE_MIN_FREE_MB free. Never creates the file.
 */
export function checkReadiness(): Readiness {
  const file = databasePath();
  const database = attempt(() => {
    if (!fs.existsSync(file)) return { ok: false, detail: 'the database file does not exist: run npm run db:migrate (npm start does it)' };
    getDb().$client.pragma('schema_version');
    return { ok: true, detail: 'open' };
  }, 'the database could not be opened');
  const opened = database.ok;
  const read = opened ? attempt(() => {
    getDb().$client.prepare('SELECT id FROM users LIMIT 1').all();
    return { ok: true, detail: 'a read works' };
  }, 'a read of the database failed') : NOT_CHECKED;
  const migrations = opened ? attempt(migrationsCheck, 'the applied migrations could not be read') : NOT_CHECKED;
  const disk = attempt(() => diskCheck(file), "the free space of the database's disk could not be read");
  const checks = { database, read, migrations, disk };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

/** The store's gauges for the metrics: audit trail length, database size, open sessions. */
export function storeGauges(now = Date.now()): { auditEvents: number; databaseBytes: number; sessionsOpen: number } {
  const file = databasePath();
  const sqlite = getDb().$client;
  // Append-only with AUTOINCREMENT and no deletes: the highest id is the chain's length, without a count of every row.
  const audit = sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_events').get() as { n: number };
  const { idleMs, absoluteMs } = authLimits();
  const open = sqlite.prepare('SELECT count(*) AS n FROM auth_sessions WHERE ended_at IS NULL AND last_seen_at > ? AND created_at > ?')
    .get(now - idleMs - touchIntervalMs(idleMs), now - absoluteMs) as { n: number };
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return { auditEvents: audit.n, databaseBytes: size(file) + size(`${file}-wal`), sessionsOpen: open.n };
}
