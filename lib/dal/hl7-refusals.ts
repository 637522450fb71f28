import 'server-only';
import { isAppError } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import type { FeedOutcome } from './hl7-feed';
import { holdInInbox } from './hl7-inbox-store';
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

/** Starts a new minute when due; true when this minute's events are all used. */
function overBudget(now: number): boolean {
  if (now - window.start >= 60_000) window = { start: now, events: 0, notRecorded: window.notRecorded };
  return window.events >= MAX_PER_MINUTE;
}

/**
 * Records a refusal. With `heldText` (an AE: content that could not be filed) the
 * message is also kept in the inbox in the same transaction; a new inbox message is
 * always audited (it is bounded by the messages a person must see anyway), only a
 * re-send of one already open counts against the budget. A busy database loses a
 * plain refusal's record; for a held message it throws, so the caller answers
 * "resend" instead of an AE nobody will ever see.
 */
export function recordFeedRefusal(actor: Actor, outcome: Pick<FeedOutcome, 'ack' | 'controlId' | 'text' | 'detail' | 'error' | 'header'>, peer: string, now = Date.now(), heldText?: string): void {
  const h = outcome.header;
  const held = heldText !== undefined && h !== undefined;
  if (!held && overBudget(now)) {
    window.notRecorded++;
    return;
  }
  try {
    writeTx((tx) => {
      const inbox = held ? holdInInbox(tx, h, heldText, outcome.detail ?? outcome.text) : null;
      if (inbox && !inbox.isNew && overBudget(now)) {
        window.notRecorded++;
        return;
      }
      appendAudit(tx, actor, {
        action: 'hl7.refused', entity: 'hl7-message', entityId: h ? JSON.stringify([h.sendingApplication, h.sendingFacility, h.controlId]) : null,
        after: {
          via: 'hl7', peer, ack: outcome.ack, errorCode: outcome.error?.code ?? null, controlId: outcome.controlId,
          sendingApplication: h?.sendingApplication ?? null, sendingFacility: h?.sendingFacility ?? null, othersNotRecorded: window.notRecorded,
          ...(inbox ? { inboxId: inbox.id, inboxNew: inbox.isNew } : {}),
        },
        reason: (outcome.detail ?? outcome.text).slice(0, 1000),
      });
      window.events++;
      window.notRecorded = 0;
    });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'busy' || held) throw e;
    window.notRecorded++;
  }
}
