/**
 * Pages during an HL7 stream (issue 19, Proof: "a page view during the stream stays within
 * the existing page budget"), as import-load.ts does for a CLI import: the patient page
 * requested at a fixed rate, first alone, then while a lab's engine (the real MLLP client,
 * @medplum/hl7) sends CK results one message after another, each waiting for its ACK. The
 * listener runs INSIDE the web server (TITERLINE_HL7_PORT, instrumentation.ts): the case
 * where filing and pages share one process and one event loop, the harder of the two.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { closeDb } from '../../db/client';
import { addDays } from '../../lib/domain/dates';
import { clinicToday } from '../../lib/clinic-time';
import { freePort } from '../next-server';
import { load, seed, stats } from './import-load';
import { ROOT } from './options';
import { startServer } from './server';

export interface Hl7Load {
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
function ckMessage(k: number, p: number, day: string): string {
  const d = day.replace(/-/g, '');
  return [
    `MSH|^~\\&|LABSYS|REFLAB A|TITERLINE|CLINIC|${d}1130||ORU^R01^ORU_R01|L-${k}|P|2.5.1`,
    `PID|1||IMP-${p}^^^CLINIC^MR||Import^P${p}||19600101|${p % 2 ? 'M' : 'F'}`,
    `OBR|1||LACC-${k}|CK^Creatine kinase^L|||${d}0815`,
    `OBX|1|NM|2157-6^Creatine kinase^LN||${100 + ((k * 37) % 5000)}|U/L^U/L^UCUM|26-192||||F|||${d}0815`,
  ].join('\r');
}

export async function hl7Load(messages: number, patients: number, seconds: number): Promise<Hl7Load> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-bench-hl7load-'));
  try {
    const { file, patientId } = await seed(dir, patients);
    const hl7Port = await freePort();
    const server = await startServer(file, ROOT, { TITERLINE_HL7_PORT: String(hl7Port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' });
    try {
      const url = `${server.url}/patients/${patientId}`;
      await load(url, server.cookie, { seconds: 2 });
      await server.idle();
      const quiet = await load(url, server.cookie, { seconds });
      await server.idle();
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
      return { messages, streamSeconds, notAccepted, quiet: q, during: d, ratio: d.p95Ms / q.p95Ms, notOk: { ...quiet.notOk, ...during.notOk } };
    } finally {
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
    const r = await hl7Load(Number(process.env.BENCH_HL7_MESSAGES ?? 300), 200, 10);
    console.log(JSON.stringify(r, null, 2));
    process.exit(0);
  })();
}
