/**
 * Pages during an HL7 stream (issue 19, Proof: "a page view during the stream stays within
 * the existing page budget"), as import-load.ts does for a CLI import: the patient page
 * requested at a fixed rate, first alone, then while a lab's engine (the real MLLP client,
 * @medplum/hl7) sends CK results one message after another, each waiting for its ACK.
 * Twice: with the listener started with the web server (TITERLINE_HL7_PORT,
 * instrumentation.ts: a child process of the server, decision 0038) and started by hand
 * (`npm run hl7:listen`). Both share only the CPU and the database file with the pages.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { closeDb } from '../../db/client';
import { addDays } from '../../lib/domain/dates';
import { clinicToday } from '../../lib/clinic-time';
import { freePort } from '../next-server';
import { benchOru } from './hl7-rate';
import { load, quietPages, seed, stats } from './import-load';
import { ROOT } from './options';
import { startServer } from './server';

export type ListenerPlace = 'in-server' | 'own-process';

export interface Hl7Load {
  place: ListenerPlace;
  messages: number;
  streamSeconds: number;
  notAccepted: number;
  quiet: { p95Ms: number; medianMs: number; requests: number };
  during: { p95Ms: number; medianMs: number; requests: number };
  /** p95 during the stream / p95 without it. */
  ratio: number;
  notOk: Record<string, number>;
}

/** One CK result (LOINC: no mapping needed) for seeded patient IMP-p, as Reference lab A sends it. */
const ckMessage = (k: number, p: number, day: string) => benchOru(`L-${k}`, k, p, day, false);

/** `npm run hl7:listen` as a clinic runs it beside the web server; resolves once it listens. */
async function ownListener(file: string, port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(ROOT, 'scripts/hl7-listen.ts')], {
    cwd: ROOT, env: { ...process.env, TITERLINE_DB: file, TITERLINE_HL7_PORT: String(port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('HL7 listener on')) resolve();
    });
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`hl7:listen exited ${code}:\n${out}`)));
  });
  return () => new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

async function listening(port: number, withinMs = 60_000): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`The HL7 listener on port ${port} did not answer within ${withinMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function hl7Load(messages: number, patients: number, seconds: number, place: ListenerPlace = 'in-server'): Promise<Hl7Load> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-bench-hl7load-'));
  try {
    const { file, patientId } = await seed(dir, patients);
    const hl7Port = await freePort();
    const server = await startServer(file, ROOT, place === 'in-server' ? { TITERLINE_HL7_PORT: String(hl7Port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' } : {});
    const stopOwn = place === 'own-process' ? await ownListener(file, hl7Port).catch(async (e: unknown) => { await server.stop(); throw e; }) : null;
    try {
      const url = `${server.url}/patients/${patientId}`;
      const quiet = await quietPages(server, url, seconds);
      // The server does not wait for the listener it starts: be sure it answers before the stream.
      await listening(hl7Port);
      const client = new Hl7Client({ host: '127.0.0.1', port: hl7Port });
      const today = clinicToday();
      let notAccepted = 0;
      const t0 = performance.now();
      const stream = (async () => {
        for (let k = 0; k < messages; k++) {
          // Patients other than the measured one (its page would rebuild its timeline after each new result).
          const p = k % patients;
          const ack = await client.sendAndWait(Hl7Message.parse(ckMessage(k, p, addDays(today, -(7 + Math.floor(k / patients) * 14)))), { timeoutMs: 30_000 });
          if (ack.getSegment('MSA')?.getComponent(1, 1) !== 'AA') notAccepted++;
        }
      })();
      const during = await load(url, server.cookie, { until: stream });
      await stream.finally(() => client.close());
      const streamSeconds = (performance.now() - t0) / 1000;
      const q = stats(quiet);
      const d = stats(during);
      return { place, messages, streamSeconds, notAccepted, quiet: q, during: d, ratio: d.p95Ms / q.p95Ms, notOk: { ...quiet.notOk, ...during.notOk } };
    } finally {
      await stopOwn?.();
      await server.stop();
    }
  } finally {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench:hl7-load`: only this part (a quick look without the full bench). */
if (process.argv[1]?.endsWith('hl7-load.ts')) {
  void (async () => {
    for (const place of ['own-process', 'in-server'] as const) {
      const r = await hl7Load(Number(process.env.BENCH_HL7_MESSAGES ?? 300), 200, 10, place);
      console.log(`${place}: page p95 ${r.during.p95Ms.toFixed(0)} ms during / ${r.quiet.p95Ms.toFixed(0)} ms without = ${r.ratio.toFixed(2)} (median ${r.during.medianMs.toFixed(0)} / ${r.quiet.medianMs.toFixed(0)}); ${r.messages} messages in ${r.streamSeconds.toFixed(1)} s, ${r.notAccepted} not AA; not 200: ${JSON.stringify(r.notOk)}`);
    }
    process.exit(0);
  })();
}
