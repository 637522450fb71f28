/**
 * The lab feed's allow-lists set by an administrator (issue 19, item 1) on a real SQLite
 * file: saved in the settings table and audited; refused in words with nothing changed
 * when a line is not valid or the user may not; and a running listener applies a change
 * at the next message or connection, without a restart (the environment's lists being
 * only the default until an administrator saves them).
 */
import net from 'node:net';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { getFeedAllowList, readStoredAllowList, updateFeedAllowList } from '@/lib/dal/hl7-allow-list';
import { resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import type { ListenerConfig } from '@/lib/interop/hl7/config';
import { startHl7Listener, type RunningListener } from '@/lib/interop/hl7/listener';
import { inactive, makeTeam, type Team } from '../setup/actors';
import { auditRows, daysAgo, expectRefused, newPatient } from '../setup/dal-helpers';
import { labBMessage } from '../setup/hl7-messages';
import { useTempDatabase } from '../setup/temp-db';

const ENV_LISTS = { senders: [{ application: 'LABSYS', facility: 'REFLAB A' }], addresses: ['127.0.0.1'] };
const CONFIG: ListenerConfig = {
  host: '127.0.0.1', port: 0, maxBytes: 64 * 1024, self: { application: 'TITERLINE', facility: 'CLINIC' }, allowedAddresses: ENV_LISTS.addresses, allowedSenders: ENV_LISTS.senders,
};
let team: Team;
let listener: RunningListener;
let dispose: () => void;

async function ackCode(text: string): Promise<string | undefined> {
  const client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
  try {
    const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 15_000 });
    return ack.getSegment('MSA')?.getComponent(1, 1);
  } finally {
    await client.close();
  }
}

/** Connects and waits: true when the listener closed the connection at once (address refused). */
const closedAtOnce = () => new Promise<boolean>((resolve) => {
  const s = net.connect(listener.port, '127.0.0.1');
  const timer = setTimeout(() => { s.destroy(); resolve(false); }, 1500);
  s.on('close', () => { clearTimeout(timer); resolve(true); });
  s.on('error', () => {});
});

beforeAll(async () => {
  ({ dispose } = useTempDatabase());
  team = await makeTeam();
  newPatient(team.nurse, { mrn: 'MRN-2', familyName: 'Okafor', givenName: 'Chidi', birthDate: '1975-06-07', sex: 'male' });
  listener = await startHl7Listener(CONFIG);
});
afterAll(async () => {
  await listener.close();
  dispose();
});
beforeEach(() => resetFeedRefusalThrottle());

describe('an administrator sets who may send', () => {
  it('refuses invalid lists in words, and users who may not change settings; nothing changes', async () => {
    const bad = [
      [{ senders: 'LABSYS', addresses: '127.0.0.1' }, 'senders'],
      [{ senders: 'A|B|C', addresses: '127.0.0.1' }, 'senders'],
      [{ senders: '', addresses: '127.0.0.1' }, 'senders'],
      [{ senders: 'HLAB|*', addresses: 'lab-engine.example.org' }, 'addresses'],
      [{ senders: 'HLAB|*', addresses: '10.0.0.0/8' }, 'addresses'],
      [{ senders: 'HLAB|*', addresses: '' }, 'addresses'],
      [{ senders: `${'X'.repeat(500)}|Y`, addresses: '127.0.0.1' }, 'senders'],
      [{ senders: 'x|y\n'.repeat(5000), addresses: '127.0.0.1' }, 'senders'],
      [{ senders: ['HLAB|*'], addresses: '127.0.0.1' }, 'senders'],
    ] as const;
    for (const [input, field] of bad) {
      const err = await expectRefused(() => updateFeedAllowList(team.admin, input, ENV_LISTS), 'invalid', field);
      expect(err.fieldErrors[field]!.join(' ')).not.toMatch(/TITERLINE_|undefined|\[object/);
    }
    for (const who of [team.nurse, team.physician, team.reviewer, inactive(team.admin)]) {
      await expectRefused(() => updateFeedAllowList(who, { senders: 'HLAB|*', addresses: '127.0.0.1' }, ENV_LISTS), 'forbidden');
    }
    await expectRefused(() => getFeedAllowList(team.nurse, ENV_LISTS), 'forbidden');
    expect(readStoredAllowList()).toBeNull();
    expect(getFeedAllowList(team.admin, ENV_LISTS)).toMatchObject({ ...ENV_LISTS, source: 'environment' });
  });

  it('applies a saved list to the next message, without a restart, and audits the change', async () => {
    const hlab = (id: string) => labBMessage({ controlId: id, day: daysAgo(3), accession: id });
    // The environment allows only LABSYS: the hospital lab is refused (AR) and the refusal audited.
    expect(await ackCode(hlab('AL-1'))).toBe('AR');
    expect(JSON.parse(auditRows('hl7.refused').at(-1)!.after_json ?? '{}')).toMatchObject({ ack: 'AR', controlId: 'AL-1', sendingApplication: 'HLAB' });

    updateFeedAllowList(team.admin, { senders: ' HLAB|GENERAL HOSP \n\nLABSYS|*', addresses: '127.0.0.1\n::1' }, ENV_LISTS);
    expect(getFeedAllowList(team.admin, ENV_LISTS)).toMatchObject({
      source: 'settings', updatedBy: expect.any(String), senders: [{ application: 'HLAB', facility: 'GENERAL HOSP' }, { application: 'LABSYS', facility: '*' }], addresses: ['127.0.0.1', '::1'],
    });
    const event = auditRows('settings.hl7-allow-list').at(-1)!;
    expect(event).toMatchObject({ user_id: team.admin.userId, entity_id: 'hl7.allow-list' });
    expect(JSON.parse(event.before_json ?? '{}')).toMatchObject({ source: 'environment', senders: ENV_LISTS.senders });
    // Not refused as a sender any more (its codes are not mapped: AE, kept in the inbox).
    expect(await ackCode(hlab('AL-2'))).toBe('AE');

    // The stored list replaces the environment's: a list without this machine shuts it out at the next connection.
    updateFeedAllowList(team.admin, { senders: 'HLAB|GENERAL HOSP', addresses: '10.20.0.15' }, ENV_LISTS);
    expect(await closedAtOnce()).toBe(true);
    expect(JSON.parse(auditRows('hl7.refused').at(-1)!.after_json ?? '{}')).toMatchObject({ peer: '127.0.0.1', ack: 'AR' });
    expect(auditRows('hl7.refused').at(-1)?.origin).toBe('hl7');
    updateFeedAllowList(team.admin, { senders: 'HLAB|GENERAL HOSP', addresses: '127.0.0.1' }, ENV_LISTS);
    expect(await closedAtOnce()).toBe(false);
  });

  it('a saved list that cannot be read allows nobody (not the environment\'s lists) until it is saved again', async () => {
    getDb().$client.prepare("UPDATE settings SET value_json = '{\"senders\": \"all\"}' WHERE key = 'hl7.allow-list'").run();
    expect(readStoredAllowList()).toEqual({ senders: [], addresses: [] });
    expect(await closedAtOnce()).toBe(true);
    updateFeedAllowList(team.admin, { senders: 'LABSYS|REFLAB A', addresses: '127.0.0.1' }, ENV_LISTS);
    expect(await closedAtOnce()).toBe(false);
  });
});
