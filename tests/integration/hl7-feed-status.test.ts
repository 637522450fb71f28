/**
 * The lab feed's status page data (issue 19, item 5): administrators only (the refusals
 * can name patients, and the view is audited), counts of the last 24 hours from the
 * feed's own audit events, and whether a listener answers on the configured port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { hl7FeedActor, receiveHl7Message } from '@/lib/dal/hl7-feed';
import { getFeedStatus } from '@/lib/dal/hl7-feed-status';
import { startHl7Listener } from '@/lib/interop/hl7/listener';
import { makeActor } from '../setup/actors';
import { appError, auditRows, daysAgo, newPatient } from '../setup/dal-helpers';
import { labAMessage } from '../setup/hl7-messages';
import { useTempDatabase } from '../setup/temp-db';

let admin: Actor;
let nurse: Actor;
let dispose: () => void;
const config = { allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }] };
// Only the CK: it needs no code mapping.
const ckOnly = (o: Parameters<typeof labAMessage>[0]) => labAMessage(o).replace(/\rOBX\|1\|NM\|88733-1[^\r]*\rNTE[^\r]*/, '');

beforeAll(async () => {
  ({ dispose } = useTempDatabase());
  [admin, nurse] = await Promise.all([makeActor('admin'), makeActor('nurse')]);
  newPatient(await makeActor('physician'), { mrn: 'MRN-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15', sex: 'female' });
});
afterAll(() => {
  delete process.env.TITERLINE_HL7_PORT;
  dispose();
});

describe('feed status', () => {
  it('is for administrators only', async () => {
    expect((await appError(() => getFeedStatus(nurse))).code).toBe('forbidden');
  });

  it('counts filed and refused messages, lists the refusals in words, and says whether the listener answers', async () => {
    expect(receiveHl7Message(hl7FeedActor(), ckOnly({ controlId: 'S-1', day: daysAgo(3) }), config).ack).toBe('AA');
    expect(receiveHl7Message(hl7FeedActor(), ckOnly({ controlId: 'S-2', mrn: 'NOPE', day: daysAgo(3) }), config).ack).toBe('AE');
    expect(receiveHl7Message(hl7FeedActor(), ckOnly({ controlId: 'S-3', processing: 'T' }), config).ack).toBe('AR');
    const listener = await startHl7Listener({ host: '127.0.0.1', port: 0, maxBytes: 1024, allowedAddresses: ['127.0.0.1'], allowedSenders: config.allowedSenders, self: { application: 'T', facility: 'C' } });
    process.env.TITERLINE_HL7_PORT = String(listener.port);
    const up = await getFeedStatus(admin);
    await listener.close();
    expect(up).toMatchObject({ listener: 'up', inboxOpen: 1, last24h: { filed: 1, AE: 1, AR: 1 }, lastFiledAt: expect.any(String) });
    expect(up.recentRefusals.map((r) => [r.ack, r.controlId, r.sender])).toEqual([['AR', 'S-3', 'LABSYS/REFLAB A'], ['AE', 'S-2', 'LABSYS/REFLAB A']]);
    expect(up.recentRefusals[1]!.reason).toMatch(/No patient with MRN "NOPE"/);
    expect((await getFeedStatus(admin)).listener).toBe('down');
    delete process.env.TITERLINE_HL7_PORT;
    expect((await getFeedStatus(admin)).listener).toBe('not configured');
    expect(auditRows('hl7.status.view').length).toBeGreaterThanOrEqual(3);
  });
});
