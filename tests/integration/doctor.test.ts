/**
 * Issue 23, `npm run doctor`: a good production configuration passes (exit 0), and each
 * kind of mistake is named in plain words with exit 1: a missing or short secret, an
 * http address, a database or backups folder that is missing or not writable, an
 * unknown time zone, a metrics token too short to be used.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBackups, checkDatabase, checkMetricsToken, checkNode, checkPublicUrl, checkSecret, checkTimeZone, parseEnvFile, runChecks, type Env } from '@/scripts/doctor-checks';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;
let good: Env;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-doctor-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.mkdirSync(path.join(dir, 'backups'));
  good = {
    NEXTAUTH_SECRET: 'k7Qw2x9PzL0mVb3nR8tY5uI1oE4aS6dF+gH/jK==',
    NEXTAUTH_URL: 'https://titerline.example-clinic.org',
    TITERLINE_DB: path.join(dir, 'data', 'titerline.db'),
    TITERLINE_BACKUP_DIR: path.join(dir, 'backups'),
    TITERLINE_TIME_ZONE: 'Europe/Madrid',
    TITERLINE_METRICS_TOKEN: 'f'.repeat(64),
  };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const problems = (env: Env) => runChecks(env, dir).filter((f) => f.severity === 'problem');

describe('doctor checks', () => {
  it('finds no problem in a good configuration', () => {
    expect(problems(good)).toEqual([]);
  });

  it('names each mistake in words that say what to do', () => {
    const cases: [Env, string, RegExp][] = [
      [{ NEXTAUTH_SECRET: undefined }, 'NEXTAUTH_SECRET', /is not set/],
      [{ NEXTAUTH_SECRET: 'x'.repeat(31) }, 'NEXTAUTH_SECRET', /31 characters long; use at least 32/],
      [{ NEXTAUTH_SECRET: 'change-me-change-me-change-me-change-me' }, 'NEXTAUTH_SECRET', /example value/],
      [{ NEXTAUTH_URL: undefined }, 'NEXTAUTH_URL', /is not set/],
      [{ NEXTAUTH_URL: 'http://titerline.example-clinic.org' }, 'NEXTAUTH_URL', /must be https/],
      [{ NEXTAUTH_URL: 'titerline.example-clinic.org' }, 'NEXTAUTH_URL', /not a web address/],
      [{ TITERLINE_DB: path.join(dir, 'nowhere', 'titerline.db') }, 'TITERLINE_DB', /folder .* does not exist/],
      // /proc refuses new files even to root (CI runs as root, where permission bits do not stop a write).
      [{ TITERLINE_DB: '/proc/titerline.db' }, 'TITERLINE_DB', /not writable/],
      [{ TITERLINE_BACKUP_DIR: undefined }, 'TITERLINE_BACKUP_DIR', /is not set/],
      [{ TITERLINE_BACKUP_DIR: path.join(dir, 'no-backups') }, 'TITERLINE_BACKUP_DIR', /does not exist/],
      [{ TITERLINE_BACKUP_DIR: '/proc' }, 'TITERLINE_BACKUP_DIR', /not writable/],
      [{ TITERLINE_TIME_ZONE: 'Europe/Atlantis' }, 'TITERLINE_TIME_ZONE', /not a time zone/],
      [{ TITERLINE_METRICS_TOKEN: 'short' }, 'TITERLINE_METRICS_TOKEN', /5 characters long/],
    ];
    for (const [change, subject, message] of cases) {
      const found = problems({ ...good, ...change });
      expect(found, JSON.stringify(change)).toHaveLength(1);
      expect(found[0]).toMatchObject({ subject, message: expect.stringMatching(message) });
      expect(found[0]!.message, 'no code words').not.toMatch(/undefined|null|Error|errno|EACCES|ENOENT/);
    }
  });

  it('refuses a database path that is a folder or a file that is not SQLite', () => {
    fs.writeFileSync(path.join(dir, 'data', 'notes.txt'), 'a text file, not a database');
    expect(checkDatabase({ TITERLINE_DB: path.join(dir, 'data', 'notes.txt') }, dir).at(-1)).toMatchObject({ severity: 'problem', message: expect.stringMatching(/not an SQLite database/) });
    expect(checkDatabase({ TITERLINE_DB: path.join(dir, 'data') }, dir).at(-1)).toMatchObject({ severity: 'problem', message: expect.stringMatching(/is not a file/) });
  });

  it('warns, without failing, about what is allowed but unwise', () => {
    expect(checkDatabase({ TITERLINE_DB: '' }, dir)[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/absolute path/) });
    expect(checkTimeZone({})).toMatchObject({ severity: 'warning' });
    expect(checkNode('20.19.0').severity).toBe('warning');
    expect(checkNode('22.12.0').severity).toBe('ok');
    expect(checkNode('24.21.0').severity).toBe('ok');
    expect(checkNode('18.20.0').severity).toBe('problem');
    expect(checkMetricsToken({}).severity).toBe('ok');
    expect([checkSecret(good), checkPublicUrl(good), checkTimeZone(good), checkMetricsToken(good)].map((f) => f.severity)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const sameDisk = checkBackups(good, dir)[0]!;
    expect(sameDisk.severity, 'backups beside the database').toBe('warning');
  });

  it('reads an EnvironmentFile as systemd does', () => {
    expect(parseEnvFile('# comment\n\nNEXTAUTH_URL="https://a.example"\nexport TITERLINE_TIME_ZONE=Europe/Madrid\nA = \'b c\'\nnot a line\n')).toEqual({
      NEXTAUTH_URL: 'https://a.example', TITERLINE_TIME_ZONE: 'Europe/Madrid', A: 'b c',
    });
  });
});

describe('npm run doctor (the command)', () => {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(clean)) if (/^(NEXTAUTH_|TITERLINE_)/.test(k)) delete clean[k];
  // From another folder (as from /opt/titerline with a relative TITERLINE_DB), with tsx as npm run doctor uses it.
  const run = (envFile: string) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/doctor.ts'), '--env-file', envFile], { cwd: dir, env: clean, encoding: 'utf8', timeout: 60_000 });
  const write = (name: string, env: Env) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${v}"`).join('\n'));
    return file;
  };

  it('exits 0 on a good configuration and 1 with the problems spelled out on a bad one', () => {
    const ok = run(write('good.env', good));
    expect(ok.stdout).toContain('No problems');
    expect(ok.status).toBe(0);
    const bad = run(write('bad.env', { ...good, NEXTAUTH_SECRET: 'short', NEXTAUTH_URL: 'http://clinic.example', TITERLINE_BACKUP_DIR: path.join(dir, 'missing') }));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/PROBLEM +NEXTAUTH_SECRET is 5 characters long/);
    expect(bad.stdout).toMatch(/PROBLEM +NEXTAUTH_URL starts with http:/);
    expect(bad.stdout).toMatch(/PROBLEM +TITERLINE_BACKUP_DIR the folder .*missing does not exist/);
    expect(bad.stdout).toContain('3 problems');
    expect(bad.stdout, 'the secret itself is never printed').not.toContain(good.NEXTAUTH_SECRET);
  }, 120_000); // two tsx start-ups: slow on a loaded machine
});
