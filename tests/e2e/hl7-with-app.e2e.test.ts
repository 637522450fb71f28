import net from 'node:net';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { clinicToday } from '@/lib/clinic-time';
import { addDays } from '@/lib/domain/dates';
import { seedDemo } from '../../scripts/seed/demo';
import { freePort } from '../../scripts/next-server';
import { ckOru } from '../setup/hl7-inbox-seed';
import { startServer, type TestServer } from './server';

const answers = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const count = (sql: string) => (getDb().$client.prepare(sql).get() as { n: number }).n;

/**
 * The HL7 listener starts with the app (issue 19, item 1): `next start` of the
 * production build with TITERLINE_HL7_PORT set listens for MLLP itself (instrumentation.ts);
 * a lab's engine (the HL7 library's MLLP client) sends a CK result, gets AA, and the
 * result is in the database the web app serves. The build that preceded it did not
 * start a listener (it would have held the port), and the server started exactly one.
 */
describe('HL7 listener in the next start process', () => {
  let server: TestServer;
  let hl7Port = 0;
  let patient = { mrn: '', family: '', given: '', birth: '' };
  beforeAll(async () => {
    hl7Port = await freePort();
    server = await startServer(async () => {
      await seedDemo();
      patient = getDb().$client.prepare('SELECT mrn, family_name AS family, given_name AS given, birth_date AS birth FROM patients ORDER BY id LIMIT 1').get() as typeof patient;
    }, { TITERLINE_HL7_PORT: String(hl7Port), TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A' });
  });
  let stopped = false;
  afterAll(async () => {
    if (!stopped) await server?.stop();
  });

  it('acknowledges a message with AA after storing its result, from one listener', async () => {
    // The server answers pages before its listener has started (it does not wait for it).
    const until = Date.now() + 60_000;
    while (!(await answers(hl7Port)) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(await answers(hl7Port), server.stdout()).toBe(true);
    const client = new Hl7Client({ host: '127.0.0.1', port: hl7Port });
    const text = ckOru({ ...patient, day: addDays(clinicToday(), -1), controlId: 'APP-1' });
    try {
      const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 30_000 });
      expect(ack.getSegment('MSA')?.getComponent(1, 1)).toBe('AA');
      expect(ack.getSegment('MSA')?.getComponent(2, 1)).toBe('APP-1');
    } finally {
      await client.close();
    }
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM enzyme_results e JOIN patients p ON p.id = e.patient_id WHERE e.accession = 'ACC-APP-1' AND p.mrn = '${patient.mrn}'`))).toBe(1);
    expect(await server.withDb(() => count(`SELECT count(*) AS n FROM audit_events WHERE action = 'hl7.message' AND origin = 'hl7'`))).toBe(1);
    expect(server.stdout().match(/HL7 listener on 127\.0\.0\.1:/g)).toHaveLength(1);
  });

  it('runs in a process of its own, which ends with the web server', async () => {
    const pid = Number(/HL7 listener process (\d+)/.exec(server.stdout())?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    stopped = true;
    await server.stop();
    const until = Date.now() + 15_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});
