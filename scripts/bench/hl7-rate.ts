/**
 * The HL7 v2 feed's sustained rate (issue 19, Proof: speed): the real listener on
 * localhost and a real MLLP client (@medplum/hl7) sending ORU^R01 messages one after
 * another, each waiting for its ACK (as engines in original mode do), two results per
 * message. Reported in results per second, against the CSV import's per-row rate measured
 * in the same run (import-rate.ts), and against the floor of 1,000 results a minute.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { closeDb } from '../../db/client';
import { cliActor } from '../../lib/dal/actor';
import { createCodeMapping } from '../../lib/dal/fhir-import-code-map';
import { addDays } from '../../lib/domain/dates';
import { clinicToday } from '../../lib/clinic-time';
import { startHl7Listener } from '../../lib/interop/hl7/listener';
import { freshDb, importRate } from './import-rate';

export interface Hl7Rate { messages: number; results: number; resultsPerS: number; notAccepted: number }

/**
 * One ORU^R01 of Reference lab A's shape for bench patient `p` (freshDb's IMP-p), with
 * control ID and accession from `id`; `panel` adds anti-Mi2β before the CK (whose value
 * varies with `k`). Shared by this bench and the pages-during-a-stream bench.
 */
export function benchOru(id: string, k: number, p: number, day: string, panel: boolean): string {
  const d = day.replace(/-/g, '');
  const lab = panel ? '|||||||||Reference lab A' : '';
  const ck = `2157-6^Creatine kinase^LN||${100 + ((k * 37) % 5000)}|U/L^U/L^UCUM|26-192||||F|||${d}0815${lab}`;
  return [
    `MSH|^~\\&|LABSYS|REFLAB A|TITERLINE|CLINIC|${d}1130||ORU^R01^ORU_R01|${id}|P|2.5.1`,
    `PID|1||IMP-${p}^^^CLINIC^MR||Import^P${p}||19600101|${p % 2 ? 'M' : 'F'}`,
    panel ? `OBR|1||ACC-${k}|MYO^Myositis panel^L|||${d}0815` : `OBR|1||LACC-${k}|CK^Creatine kinase^L|||${d}0815`,
    ...(panel ? [`OBX|1|NM|88733-1^Mi-2 beta Ab^LN||${3 + (k % 90)}|units^units^UCUM|<5||||F|||${d}0815${lab}`, `OBX|2|NM|${ck}`] : [`OBX|1|NM|${ck}`]),
  ].join('\r');
}

const message = (k: number, p: number, day: string) => benchOru(`B-${k}`, k, p, day, true);

export async function hl7Rate(messages: number, patients: number): Promise<Hl7Rate> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titerline-bench-hl7-'));
  try {
    await freshDb(dir, 'hl7', patients);
    createCodeMapping(cliActor(), { domain: 'lab', application: 'LABSYS', facility: 'Reference lab A', system: 'http://loinc.org', code: '88733-1', target: 'assay:2' });
    const listener = await startHl7Listener({
      host: '127.0.0.1', port: 0, maxBytes: 1 << 20, allowedAddresses: ['127.0.0.1'], allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }], self: { application: 'TITERLINE', facility: 'BENCH' },
    });
    const client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
    const today = clinicToday();
    let notAccepted = 0;
    const t0 = performance.now();
    try {
      for (let k = 0; k < messages; k++) {
        const p = k % patients;
        const ack = await client.sendAndWait(Hl7Message.parse(message(k, p, addDays(today, -(7 + Math.floor(k / patients) * 14)))), { timeoutMs: 30_000 });
        if (ack.getSegment('MSA')?.getComponent(1, 1) !== 'AA') notAccepted++;
      }
    } finally {
      await client.close();
      await listener.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    return { messages, results: messages * 2, resultsPerS: (messages * 2) / seconds, notAccepted };
  } finally {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench:hl7`: the feed alone, with the CSV import's rate beside it (a quick look without the full bench). */
if (process.argv[1]?.endsWith('hl7-rate.ts')) {
  void (async () => {
    const csv = await importRate(10_000, 200);
    const feed = await hl7Rate(500, 200);
    console.log(`HL7 feed: ${feed.resultsPerS.toFixed(0)} results/s (${(feed.resultsPerS * 60).toFixed(0)} a minute; ${feed.notAccepted} not AA); CSV import ${csv.importRowsPerS.toFixed(0)} rows/s; ratio ${(feed.resultsPerS / csv.importRowsPerS).toFixed(3)}`);
  })();
}
