/**
 * Starting the HL7 listener with the web app (issue 19, item 1): instrumentation.ts calls
 * startListenerWithApp(process.env). Not without TITERLINE_HL7_PORT, not during
 * `next build`, once per process however often register runs, and a refused setting
 * leaves the web app running. (tests/e2e/hl7-with-app.e2e.test.ts starts `next start`.)
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenerWithAppPid, startListenerWithApp, stopListenerWithApp } from '@/lib/interop/hl7/start-with-app';
import { freePort } from '../../scripts/next-server';
import { useTempDatabase } from '../setup/temp-db';

let dispose: () => void;
beforeAll(() => ({ dispose } = useTempDatabase()));
afterEach(() => stopListenerWithApp());
afterAll(() => dispose());

const answers = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

describe('the listener started from instrumentation.ts', () => {
  it('does not start without a port, nor during next build', async () => {
    const port = await freePort();
    expect(await startListenerWithApp({ TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' })).toBe('not configured');
    expect(await startListenerWithApp({ TITERLINE_HL7_PORT: String(port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*', NEXT_PHASE: 'phase-production-build' })).toBe('build');
    expect(await answers(port)).toBe(false);
  });

  it('starts once, however often register runs', async () => {
    const port = await freePort();
    const env = { TITERLINE_HL7_PORT: String(port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' };
    const both = await Promise.all([startListenerWithApp(env), startListenerWithApp(env)]);
    expect(both.sort()).toEqual(['already started', 'started']);
    expect(await startListenerWithApp(env)).toBe('already started');
    expect(await answers(port)).toBe(true);
  });

  it('runs in its own process, off the thread that serves pages, and is started again when it stops, even after a restart failed', async () => {
    const port = await freePort();
    expect(await startListenerWithApp({ TITERLINE_HL7_PORT: String(port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' })).toBe('started');
    const first = listenerWithAppPid();
    expect(first).not.toBeNull();
    expect(first).not.toBe(process.pid);
    process.kill(first!, 'SIGKILL');
    // The port taken meanwhile: the first restart (after 5 s) fails, and is retried (after 10 s more).
    await new Promise((r) => setTimeout(r, 300));
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    // Wait for that restart to run and end (a new process, then none).
    let restarted: number | null = null;
    const failedBy = Date.now() + 30_000;
    while (Date.now() < failedBy) {
      const now = listenerWithAppPid();
      if (now !== null && now !== first) restarted = now;
      if (restarted !== null && now === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(restarted).not.toBeNull();
    expect(listenerWithAppPid()).toBeNull();
    await new Promise<void>((r) => blocker.close(() => r()));
    // A new process answers on the same port.
    const until = Date.now() + 40_000;
    let again: number | null = null;
    while (Date.now() < until) {
      again = listenerWithAppPid();
      if (again !== null && again !== first && (await answers(port))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(again).not.toBe(first);
    expect(await answers(port)).toBe(true);
    await stopListenerWithApp();
    expect(await answers(port)).toBe(false);
  }, 90_000);

  it('reports refused settings and a port in use without throwing (the web app runs on)', async () => {
    expect(await startListenerWithApp({ TITERLINE_HL7_PORT: '70000', TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' })).toBe('refused');
    await stopListenerWithApp();
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      expect(await startListenerWithApp({ TITERLINE_HL7_PORT: String(port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' })).toBe('failed');
    } finally {
      blocker.close();
    }
  });
});
