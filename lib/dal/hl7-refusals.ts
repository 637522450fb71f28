import 'server-only';
import { isAppError } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import type { FeedOutcome } from './hl7-feed';
import { writeTx } from './tx';

/**
 * Refused feed messages and connections as audit events (`hl7.refused`), after the
 * refused message's transaction rolled back, so the event is never rolled back with
 * it. A sender looping on a bad message must not flood the chain or take the write
 * lock from real work: at most MAX_PER_MINUTE events a minute per listener process;
 * the next event counts the ones not recorded (as lib/dal/refusals.ts does for users).
 */
export const MAX_PER_MINUTE = 30;
let window = { start: 0, events: 0, notRecorded: 0 };

/** Forgets the counters (tests). */
export function resetFeedRefusalThrottle(): void {
  window = { start: 0, events: 0, notRecorded: 0 };
}

export function recordFeedRefusal(actor: Actor, outcome: Pick<FeedOutcome, 'ack' | 'controlId' | 'text' | 'error' | 'header'>, peer: string, now = Date.now()): void {
  if (now - window.start >= 60_000) window = { start: now, events: 0, notRecorded: window.notRecorded };
  if (window.events >= MAX_PER_MINUTE) {
    window.notRecorded++;
    return;
  }
  const h = outcome.header;
  try {
    writeTx((tx) => {
      appendAudit(tx, actor, {
        action: 'hl7.refused', entity: 'hl7-message', entityId: h ? JSON.stringify([h.sendingApplication, h.sendingFacility, h.controlId]) : null,
        after: {
          via: 'hl7', peer, ack: outcome.ack, errorCode: outcome.error?.code ?? null, controlId: outcome.controlId,
          sendingApplication: h?.sendingApplication ?? null, sendingFacility: h?.sendingFacility ?? null, othersNotRecorded: window.notRecorded,
        },
        reason: outcome.text.slice(0, 1000),
      });
    });
    window.events++;
    window.notRecorded = 0;
  } catch (e) {
    // A busy database loses this record, never the answer to the sender.
    if (!isAppError(e) || e.code !== 'busy') throw e;
    window.notRecorded++;
  }
}
