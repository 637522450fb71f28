import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { log } from '../../ops/log';

/**
 * Starts the HL7 listener with the web server when TITERLINE_HL7_PORT is set (issue 19,
 * item 1), from instrumentation.ts's register(). The listener runs as a child process
 * of the web server (`scripts/hl7-listen.ts`, the same program and settings as
 * `npm run hl7:listen`), not on the web server's own thread: filing a stream of
 * results inside it held the one JavaScript thread that serves pages, and the bench
 * measured record pages 2-9 times slower during a stream (docs/decisions/0038-hl7-admin-and-inbox.md).
 *
 * Never during `next build` (its workers run register too, with
 * NEXT_PHASE=phase-production-build), never twice in one process (the first start is
 * kept on globalThis). A listener that cannot start (refused settings, port in use) is
 * logged and the web app runs on: the status page shows it "not answering". One that
 * stops after it started is started again, after a pause that grows to a minute. It
 * stops with the web server: on its exit, and when the IPC channel closes (the server
 * was killed).
 */
export type AppListenerStart = 'not configured' | 'build' | 'already started' | 'started' | 'refused' | 'failed';

const KEY = Symbol.for('titerline.hl7.listener-with-app');
type Holder = { [KEY]?: Promise<AppListenerStart> };
const READY_TIMEOUT_MS = 60_000;
const RESTART_MS = { first: 5_000, max: 60_000 };

/** What the listener child says over IPC once it knows (scripts/hl7-listen.ts). */
export type ListenerChildMessage = { hl7: 'started'; port: number } | { hl7: 'refused'; problems: string[] };

let child: ChildProcess | null = null;
let stopping = false;
/** Whether a listener started with this server has ever run (then every stop is retried). */
let everStarted = false;
let restartTimer: ReturnType<typeof setTimeout> | null = null;

function spawnListener(env: Readonly<Record<string, string | undefined>>): ChildProcess {
  const script = path.join(/*turbopackIgnore: true*/ process.cwd(), 'scripts', 'hl7-listen.ts');
  return spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], {
    cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Starts one child and answers how its start went; keeps it running (restarts) once it has started. */
function runChild(env: Readonly<Record<string, string | undefined>>, restartAfterMs = RESTART_MS.first): Promise<AppListenerStart> {
  const c = spawnListener(env);
  const startedAt = Date.now();
  child = c;
  return new Promise((resolve) => {
    let answered: AppListenerStart | null = null;
    const answer = (a: AppListenerStart) => {
      if (answered) return;
      answered = a;
      clearTimeout(timeout);
      resolve(a);
    };
    const timeout = setTimeout(() => {
      log().error({ component: 'hl7' }, 'HL7 listener did not report within a minute; stopped');
      c.kill('SIGKILL');
      answer('failed');
    }, READY_TIMEOUT_MS);
    c.on('message', (m: ListenerChildMessage) => {
      if (m.hl7 === 'started') {
        everStarted = true;
        log().info({ component: 'hl7', pid: c.pid, port: m.port }, `HL7 listener process ${c.pid} started`);
        answer('started');
      }
      if (m.hl7 === 'refused') {
        log().error({ component: 'hl7', problems: m.problems }, 'HL7 listener not started: its settings were refused');
        answer('refused');
      }
    });
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      if (!answered) {
        log().error({ component: 'hl7', code, signal }, 'HL7 listener not started');
        answer('failed');
      }
      // The first start's outcome is reported as it is; after a listener has once run, any
      // stop (a crash, a failed or refused restart) is retried, so results never stop for
      // good while the web server runs. A run of a minute or more resets the pause.
      if (stopping || !everStarted) return;
      const pause = Date.now() - startedAt >= RESTART_MS.max ? RESTART_MS.first : restartAfterMs;
      log().error({ component: 'hl7', code, signal, restartInMs: pause }, 'HL7 listener stopped; starting it again');
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (!stopping) void runChild(env, Math.min(pause * 2, RESTART_MS.max));
      }, pause);
      restartTimer.unref();
    });
  });
}

export async function startListenerWithApp(env: Readonly<Record<string, string | undefined>>): Promise<AppListenerStart> {
  if (!env.TITERLINE_HL7_PORT?.trim()) return 'not configured';
  if (env.NEXT_PHASE === 'phase-production-build') return 'build';
  const holder = globalThis as Holder;
  if (holder[KEY]) {
    await holder[KEY];
    return 'already started';
  }
  stopping = false;
  everStarted = false;
  process.once('exit', () => child?.kill('SIGTERM'));
  holder[KEY] = runChild(env);
  return holder[KEY];
}

/** Stops the listener started with the app and waits for it to end (tests; the web server's exit stops it otherwise). */
export async function stopListenerWithApp(): Promise<void> {
  stopping = true;
  if (restartTimer) clearTimeout(restartTimer);
  restartTimer = null;
  const c = child;
  if (c && c.exitCode === null && c.signalCode === null) {
    const ended = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    await ended;
  }
  child = null;
  delete (globalThis as Holder)[KEY];
}

/** The listener child's process id while one runs (the status page, tests). */
export function listenerWithAppPid(): number | null {
  return child?.pid ?? null;
}
