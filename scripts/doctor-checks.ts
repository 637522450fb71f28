/**
 * What `npm run doctor` checks in a production configuration, as plain findings: the
 * session secret, the public address, the database's and the backups' directories, the
 * clinic's time zone, the metrics token and the Node version. Each finding says what is
 * wrong and what to do, in words an IT person acts on. Reads the environment it is
 * given (the service's EnvironmentFile) and the file system; writes nothing but a probe
 * file that it removes at once.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Severity = 'ok' | 'warning' | 'problem';
export interface Finding { severity: Severity; subject: string; message: string }
export type Env = Record<string, string | undefined>;

const MIN_SECRET = 32;
const MIN_METRICS_TOKEN = 32;
const SUPPORTED_NODE = [20, 22, 24];

const ok = (subject: string, message: string): Finding => ({ severity: 'ok', subject, message });
const warning = (subject: string, message: string): Finding => ({ severity: 'warning', subject, message });
const problem = (subject: string, message: string): Finding => ({ severity: 'problem', subject, message });

export function checkSecret(env: Env): Finding {
  const s = env.NEXTAUTH_SECRET ?? '';
  if (s.trim() === '') return problem('NEXTAUTH_SECRET', 'is not set: sessions cannot be signed. Set it to a long random value, e.g. openssl rand -base64 32, and keep it the same across restarts.');
  if (s.length < MIN_SECRET) return problem('NEXTAUTH_SECRET', `is ${s.length} characters long; use at least ${MIN_SECRET} random characters (openssl rand -base64 32).`);
  if (/change[-_ ]?me|not[-_ ]for[-_ ]production|example|secret{2,}/i.test(s)) return problem('NEXTAUTH_SECRET', 'looks like an example value; use a random one (openssl rand -base64 32).');
  return ok('NEXTAUTH_SECRET', `is set (${s.length} characters).`);
}

export function checkPublicUrl(env: Env): Finding {
  const raw = env.NEXTAUTH_URL?.trim() ?? '';
  if (raw === '') return problem('NEXTAUTH_URL', 'is not set: set it to the address users open, e.g. https://titerline.example-clinic.org.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return problem('NEXTAUTH_URL', `"${raw}" is not a web address; use the form https://titerline.example-clinic.org.`);
  }
  if (url.protocol !== 'https:') return problem('NEXTAUTH_URL', `starts with ${url.protocol}// : in production it must be https:// (session cookies are only sent securely over https).`);
  return ok('NEXTAUTH_URL', `is ${url.origin}.`);
}

/** Whether this process may create and remove a file in `dir` (the real test; access() can be fooled by read-only mounts). */
function canWriteIn(dir: string): boolean {
  const probe = path.join(dir, `.titerline-doctor-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

const isDir = (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory();

export function checkDatabase(env: Env, cwd: string): Finding[] {
  const configured = env.TITERLINE_DB?.trim();
  const file = path.resolve(cwd, configured || './data/titerline.db');
  const out: Finding[] = [];
  if (!configured) out.push(warning('TITERLINE_DB', `is not set, so the database is ${file} (relative to where the server starts); set an absolute path such as /var/lib/titerline/titerline.db.`));
  const dir = path.dirname(file);
  if (!isDir(dir)) return [...out, problem('TITERLINE_DB', `the folder ${dir} does not exist; create it and give the service's user write access to it.`)];
  // SQLite writes the -wal and -shm files beside the database: the folder must be writable, not just the file.
  if (!canWriteIn(dir)) return [...out, problem('TITERLINE_DB', `the folder ${dir} is not writable by this user; the database and its write-ahead log live there.`)];
  if (fs.existsSync(file)) {
    if (!fs.statSync(file).isFile()) return [...out, problem('TITERLINE_DB', `${file} is not a file.`)];
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      return [...out, problem('TITERLINE_DB', `${file} exists but this user cannot read and write it.`)];
    }
    const head = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    if (n > 0 && head.toString('latin1') !== 'SQLite format 3\0') return [...out, problem('TITERLINE_DB', `${file} is not an SQLite database.`)];
    out.push(ok('TITERLINE_DB', `${file} exists and is writable.`));
  } else {
    out.push(ok('TITERLINE_DB', `${file} does not exist yet; npm start creates it (the folder is writable).`));
  }
  return out;
}

export function checkBackups(env: Env, cwd: string): Finding[] {
  const configured = env.TITERLINE_BACKUP_DIR?.trim();
  if (!configured) return [problem('TITERLINE_BACKUP_DIR', 'is not set: set it to the folder backups go to (npm run backup writes there), preferably on another disk than the database.')];
  const dir = path.resolve(cwd, configured);
  if (!isDir(dir)) return [problem('TITERLINE_BACKUP_DIR', `the folder ${dir} does not exist; create it and give the service's user write access to it.`)];
  if (!canWriteIn(dir)) return [problem('TITERLINE_BACKUP_DIR', `the folder ${dir} is not writable by this user, so backups would fail.`)];
  const dbDir = path.dirname(path.resolve(cwd, env.TITERLINE_DB?.trim() || './data/titerline.db'));
  if (fs.statSync(dir).dev === fs.statSync(isDir(dbDir) ? dbDir : cwd).dev) {
    return [warning('TITERLINE_BACKUP_DIR', `${dir} is writable but on the same disk as the database: a failed disk loses both; copy backups elsewhere too.`)];
  }
  return [ok('TITERLINE_BACKUP_DIR', `${dir} exists and is writable.`)];
}

export function checkTimeZone(env: Env): Finding {
  const configured = env.TITERLINE_TIME_ZONE?.trim();
  const server = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!configured) return warning('TITERLINE_TIME_ZONE', `is not set, so the clinic's "today" is the server's time zone (${server}); set the clinic's own, e.g. Europe/Madrid.`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: configured }).format(new Date());
  } catch {
    return problem('TITERLINE_TIME_ZONE', `"${configured}" is not a time zone this server knows; use an IANA name such as Europe/Madrid or America/New_York.`);
  }
  return ok('TITERLINE_TIME_ZONE', `is ${configured}.`);
}

export function checkMetricsToken(env: Env): Finding {
  const t = env.TITERLINE_METRICS_TOKEN?.trim() ?? '';
  if (t === '') return ok('TITERLINE_METRICS_TOKEN', 'is not set: /api/metrics is off.');
  if (t.length < MIN_METRICS_TOKEN) return problem('TITERLINE_METRICS_TOKEN', `is ${t.length} characters long; the server ignores tokens shorter than ${MIN_METRICS_TOKEN}, so metrics would stay off. Use openssl rand -hex 32.`);
  return ok('TITERLINE_METRICS_TOKEN', `is set (${t.length} characters): /api/metrics is on for that bearer token.`);
}

export function checkNode(version = process.versions.node): Finding {
  const major = Number(version.split('.')[0]);
  if (!SUPPORTED_NODE.includes(major)) return problem('Node.js', `is ${version}; Titerline supports Node ${SUPPORTED_NODE.join(', ')}.`);
  if (major === 20) return warning('Node.js', `is ${version}: Node 20 reached end of life in April 2026; move to Node 22 or 24.`);
  return ok('Node.js', `is ${version}.`);
}

export function checkUser(uid = process.getuid?.()): Finding | null {
  return uid === 0 ? warning('user', 'doctor runs as root, who can write anywhere: run it as the service user (sudo -u titerline npm run doctor) for the write checks to mean something.') : null;
}

/** Every check, in the order they are printed. */
export function runChecks(env: Env, cwd: string): Finding[] {
  const user = checkUser();
  return [
    checkSecret(env), checkPublicUrl(env), ...checkDatabase(env, cwd), ...checkBackups(env, cwd),
    checkTimeZone(env), checkMetricsToken(env), checkNode(), ...(user ? [user] : []),
  ];
}

/** KEY=VALUE lines as systemd's EnvironmentFile reads them (comments, blank lines, optional quotes). */
export function parseEnvFile(text: string): Env {
  const env: Env = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!;
    env[m[1]!] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}
