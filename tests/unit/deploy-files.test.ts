/**
 * Issue 23, deployment files: the systemd unit runs as its own user with the hardening
 * keys set, may write exactly the database's and the backups' folders that the example
 * settings name, and starts the files this repository has; the nginx file holds
 * README's location block word for word, proxies to the port the unit listens on, and
 * keeps query strings (MRN searches) out of its access log.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile, runChecks } from '@/scripts/doctor-checks';

const ROOT = path.resolve(__dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

type Unit = Record<string, Record<string, string[]>>;

/** A unit file's [Section] key=value lines (a key may repeat); comments and blank lines skipped. */
function parseUnit(text: string): Unit {
  const unit: Unit = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) {
      section = head[1]!;
      unit[section] = {};
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`not a unit line: ${line}`);
    (unit[section]![kv[1]!] ??= []).push(kv[2]!);
  }
  return unit;
}

const service = parseUnit(read('deploy/titerline.service'));
const s = service.Service!;
const one = (key: string) => {
  expect(s[key], key).toHaveLength(1);
  return s[key]![0]!;
};
const example = parseEnvFile(read('deploy/titerline.env.example'));

describe('deploy/titerline.service', () => {
  it('runs as its own unprivileged user with the hardening keys set', () => {
    expect(one('User')).toBe('titerline');
    expect(one('Group')).toBe('titerline');
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes', PrivateDevices: 'yes',
      ProtectKernelTunables: 'yes', ProtectKernelModules: 'yes', ProtectControlGroups: 'yes', RestrictSUIDSGID: 'yes',
      RestrictNamespaces: 'yes', LockPersonality: 'yes', CapabilityBoundingSet: '', AmbientCapabilities: '', SystemCallArchitectures: 'native',
    };
    for (const [key, value] of Object.entries(expected)) expect(one(key), key).toBe(value);
    expect(s.SystemCallFilter).toContain('@system-service');
    expect(s.MemoryDenyWriteExecute, "Node's JIT needs it off: it must not be set").toBeUndefined();
    expect(one('UMask')).toBe('0027');
  });

  it('may write the database folder and the backups folder of the example settings, and nothing else', () => {
    const writable = one('ReadWritePaths').split(/\s+/);
    expect(writable.sort()).toEqual([path.dirname(example.TITERLINE_DB!), example.TITERLINE_BACKUP_DIR!].sort());
    expect(`/var/lib/${one('StateDirectory')}`).toBe(path.dirname(example.TITERLINE_DB!));
    expect(one('EnvironmentFile')).toBe('/etc/titerline/titerline.env');
    expect(read('deploy/titerline.env.example')).toContain('/etc/titerline/titerline.env');
  });

  it('migrates, then starts the production server on loopback, with files this repository has', () => {
    const pre = one('ExecStartPre').split(' ');
    const start = one('ExecStart').split(' ');
    expect(pre[0]).toBe('/usr/bin/node');
    expect(start[0]).toBe('/usr/bin/node');
    for (const f of [pre[1]!, pre.at(-1)!, start[1]!]) expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
    expect(pre.at(-1)).toBe('scripts/migrate.ts');
    expect(start.slice(1)).toEqual(['node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', '3000']);
    expect(one('Restart')).toBe('on-failure');
    expect(service.Install?.WantedBy).toEqual(['multi-user.target']);
  });

  it('has a nightly backup with the same user and walls, writing into TITERLINE_BACKUP_DIR', () => {
    const b = parseUnit(read('deploy/titerline-backup.service')).Service!;
    expect(b.User).toEqual(['titerline']);
    expect(b.ExecStart![0]).toMatch(/ scripts\/backup\.ts$/);
    expect(b.ReadWritePaths).toEqual(s.ReadWritePaths);
    for (const key of ['NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'CapabilityBoundingSet']) expect(b[key], key).toEqual(s[key]);
    const timer = parseUnit(read('deploy/titerline-backup.timer'));
    expect(timer.Timer?.OnCalendar).toEqual(['*-*-* 02:30:00']);
    expect(timer.Timer?.Persistent).toEqual(['yes']);
  });

  it('passes systemd-analyze verify, with the backup service and timer', () => {
    const files = ['titerline.service', 'titerline-backup.service', 'titerline-backup.timer'].map((f) => path.join(ROOT, 'deploy', f));
    const analyze = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
    if (analyze.error) throw new Error('systemd-analyze is not installed (Debian package systemd)');
    // Only the unit's own lines: the user does not exist on a test machine, and a host without systemd as PID 1 says so.
    const own = `${analyze.stdout}${analyze.stderr}`.split('\n').filter((l) => /titerline(-backup)?\.(service|timer)/.test(l) && !/User|Group|not found|No such file|bus/i.test(l));
    expect(own).toEqual([]);
  });

  it("scores as well hardened in systemd's own exposure rating (2 or less of 10)", () => {
    const rating = spawnSync('systemd-analyze', ['security', '--offline=true', path.join(ROOT, 'deploy/titerline.service')], { encoding: 'utf8' });
    const score = /Overall exposure level for titerline\.service: ([\d.]+)/.exec(`${rating.stdout}${rating.stderr}`)?.[1];
    expect(score, rating.stdout.slice(-500)).toBeDefined();
    expect(Number(score)).toBeLessThanOrEqual(2);
  });
});

describe('deploy/titerline.env.example', () => {
  it('is refused by npm run doctor until the example secret is replaced', () => {
    const problems = runChecks(example, ROOT).filter((f) => f.severity === 'problem');
    expect(problems.map((p) => p.subject)).toContain('NEXTAUTH_SECRET');
    expect(example.NEXTAUTH_URL).toMatch(/^https:\/\//);
  });
});

describe('deploy/nginx.conf', () => {
  const nginx = read('deploy/nginx.conf');
  const readme = read('README.md');
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

  it("holds README's location block word for word", () => {
    const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has an nginx block').toBeDefined();
    expect(lines(nginx).join('\n')).toContain(lines(block!).join('\n'));
    expect(readme).toContain('deploy/nginx.conf');
  });

  it('proxies to the port the unit listens on, redirects http to https, and logs no query strings', () => {
    expect(nginx).toContain('proxy_pass http://127.0.0.1:3000;');
    expect(nginx).toMatch(/listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;/);
    const format = /log_format (\w+) '([^;]*)';/.exec(nginx);
    expect(format).not.toBeNull();
    expect(format![2]).not.toMatch(/\$request\b|\$request_uri|\$args|\$query_string|\$arg_/);
    expect(nginx).toContain(`access_log /var/log/nginx/titerline.access.log ${format![1]};`);
    let depth = 0;
    for (const c of nginx.replace(/#.*$/gm, '')) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    expect(depth, 'braces balance').toBe(0);
  });
});
