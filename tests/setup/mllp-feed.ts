/**
 * The HL7 feed as a lab's engine meets it in the tests: the MLLP listener on localhost
 * over a temporary SQLite file, and a real MLLP client (@medplum/hl7's Hl7Client).
 * Registers its own beforeAll / afterAll / beforeEach: call it at the top of a test file.
 */
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import type { ListenerConfig } from '@/lib/interop/hl7/config';
import { startHl7Listener, type RunningListener } from '@/lib/interop/hl7/listener';
import { useTempDatabase } from './temp-db';

/** A listener that takes messages from localhost and from `allowedSenders` only. */
export const mllpConfig = (allowedSenders: ListenerConfig['allowedSenders']): ListenerConfig => ({
  host: '127.0.0.1', port: 0, maxBytes: 64 * 1024, allowedAddresses: ['127.0.0.1'], self: { application: 'TITERLINE', facility: 'CLINIC' }, allowedSenders,
});

/** Starts the feed once the database is seeded by `seed`; `send` returns the ACK's MSA-1, MSA-2 and words (ERR-8, else MSA-3). */
export function startMllpFeed(config: ListenerConfig, seed: () => Promise<void>) {
  let listener: RunningListener;
  let client: Hl7Client;
  let dispose: () => void;
  beforeAll(async () => {
    ({ dispose } = useTempDatabase());
    await seed();
    listener = await startHl7Listener(config);
    client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
  });
  afterAll(async () => {
    await client.close();
    await listener.close();
    dispose();
  });
  beforeEach(() => resetFeedRefusalThrottle());
  return {
    port: () => listener.port,
    async send(text: string) {
      const ack = await client.sendAndWait(Hl7Message.parse(text), { timeoutMs: 15_000 });
      return { code: ack.getSegment('MSA')?.getComponent(1, 1), controlId: ack.getSegment('MSA')?.getComponent(2, 1), words: ack.getSegment('ERR')?.getField(8).toString() ?? ack.getSegment('MSA')?.getField(3).toString() };
    },
  };
}
