/**
 * The MLLP listener over TLS with client certificates (issue 19, item 1: optional TLS):
 * an engine holding a certificate the listener trusts gets its ACK; one without a
 * certificate is refused at the handshake and nothing is stored. Certificates are made
 * for the test with openssl.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerConfigFrom, type ListenerConfig } from '@/lib/interop/hl7/config';
import { startHl7Listener, type RunningListener } from '@/lib/interop/hl7/listener';
import { frame } from '@/lib/interop/hl7/mllp';
import { makeActor } from '../setup/actors';
import { daysAgo, newPatient } from '../setup/dal-helpers';
import { labAMessage } from '../setup/hl7-messages';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let tmp: ReturnType<typeof useTempDatabase>;
let listener: RunningListener;
let dir = '';
const pem = (name: string) => fs.readFileSync(path.join(dir, name));

function certificate(name: string, cn: string): void {
  const res = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${cn}`, '-days', '2', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd: dir, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
}

/** Sends one framed message over TLS; resolves with the reply, or the error that closed the connection. */
function sendTls(options: tls.ConnectionOptions, text: string): Promise<{ reply: string; error?: string }> {
  return new Promise((resolve) => {
    let reply = '';
    const s = tls.connect({ host: '127.0.0.1', port: listener.port, ca: pem('server.crt'), ...options }, () => s.write(frame(text)));
    s.on('data', (b) => {
      reply += b.toString();
      if (reply.includes('\u001c\r')) s.end();
    });
    s.on('error', (e) => resolve({ reply, error: e.message }));
    s.on('close', () => resolve({ reply }));
  });
}

beforeAll(async () => {
  tmp = useTempDatabase();
  dir = path.dirname(tmp.file);
  certificate('server', 'titerline');
  certificate('engine', 'lab-engine');
  newPatient(await makeActor('physician'), { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female' });
  const read = listenerConfigFrom({
    TITERLINE_HL7_PORT: '0', TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|REFLAB A',
    TITERLINE_HL7_TLS_CERT: path.join(dir, 'server.crt'), TITERLINE_HL7_TLS_KEY: path.join(dir, 'server.key'), TITERLINE_HL7_TLS_CA: path.join(dir, 'engine.crt'),
  });
  if (!read.ok) throw new Error(read.problems.join(' '));
  listener = await startHl7Listener(read.config satisfies ListenerConfig);
});
afterAll(async () => {
  await listener.close();
  tmp.dispose();
});

describe('TLS with client certificates', () => {
  it('files a message from an engine with a trusted certificate', async () => {
    // Only the CK of Reference lab A's message: it needs no code mapping.
    const text = labAMessage({ controlId: 'T-1', day: daysAgo(5) }).replace(/\rOBX\|1\|NM\|88733-1[^\r]*\rNTE[^\r]*/, '');
    const { reply } = await sendTls({ cert: pem('engine.crt'), key: pem('engine.key') }, text);
    expect(reply).toMatch(/MSA\|AA\|T-1\|Filed: 1 stored\./);
  });

  it('refuses an engine without a client certificate at the handshake, storing nothing', async () => {
    const before = tableCounts();
    const { reply } = await sendTls({}, labAMessage({ controlId: 'T-2', day: daysAgo(4), accession: 'T2' }));
    expect(reply).toBe('');
    expect(tableCounts()).toEqual(before);
  });

  it('will not start with half a TLS setting', () => {
    expect(listenerConfigFrom({ TITERLINE_HL7_ALLOWED_SENDERS: 'A|B', TITERLINE_HL7_TLS_CERT: 'x.crt' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/TLS needs both/)] });
  });
});
