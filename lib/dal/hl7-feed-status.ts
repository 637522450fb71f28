import 'server-only';
import net from 'node:net';
import { getDb } from '@/db/client';
import { forbidden } from '../errors';
import { ENV } from '../interop/hl7/config';
import { can } from '../permissions';
import type { Actor } from './actor';
import { recordRead } from './read-audit';

/**
 * The HL7 feed's status for administrators (issue 19, item 5), from the audit trail the
 * feed writes (`hl7.message` per filed message, `hl7.refused` per refusal): the last
 * message, the outcomes of the last 24 hours, the latest refusals with their words, and
 * whether a listener answers on the configured port. The refusals can name patients, so
 * the view is audited. Needs 'settings:manage'.
 */

export interface FeedStatus {
  lastFiledAt: string | null;
  last24h: { filed: number; AE: number; AR: number };
  recentRefusals: { at: string; ack: string; controlId: string; sender: string; reason: string }[];
  listener: 'up' | 'down' | 'not configured';
  /** Messages waiting in the inbox (answered AE, neither filed again nor dismissed). */
  inboxOpen: number;
}

/** Whether something accepts TCP connections on the listener's address (the listener closes an idle probe like any connection). */
function probe(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

export async function getFeedStatus(actor: Actor, now = new Date()): Promise<FeedStatus> {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const db = getDb().$client;
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const lastFiledAt = (db.prepare("SELECT max(at) FROM audit_events WHERE action = 'hl7.message'").pluck().get() as string | null) ?? null;
  const filed = db.prepare("SELECT count(*) FROM audit_events WHERE action = 'hl7.message' AND at >= ?").pluck().get(since) as number;
  const refusals = db.prepare("SELECT at, after_json AS a, reason FROM audit_events WHERE action = 'hl7.refused' AND at >= ? ORDER BY id DESC").all(since) as { at: string; a: string | null; reason: string | null }[];
  const parsed = refusals.map((r) => {
    const after = JSON.parse(r.a ?? '{}') as { ack?: string; controlId?: string; sendingApplication?: string | null; sendingFacility?: string | null; peer?: string };
    const sender = after.sendingApplication || after.sendingFacility ? `${after.sendingApplication ?? ''}/${after.sendingFacility ?? ''}` : after.peer ?? '';
    return { at: r.at, ack: after.ack ?? 'AR', controlId: after.controlId ?? '', sender, reason: r.reason ?? '' };
  });
  const inboxOpen = db.prepare("SELECT count(*) FROM hl7_inbox WHERE status = 'open'").pluck().get() as number;
  const port = Number(process.env[ENV.port]);
  const listener = !process.env[ENV.port] || !Number.isInteger(port) || port <= 0 ? 'not configured' : (await probe(process.env[ENV.host]?.trim() || '127.0.0.1', port)) ? 'up' : 'down';
  recordRead(actor, { action: 'hl7.status.view', entity: 'hl7-feed', after: { refusalsShown: Math.min(parsed.length, 10) } });
  return {
    lastFiledAt, last24h: { filed, AE: parsed.filter((r) => r.ack === 'AE').length, AR: parsed.filter((r) => r.ack === 'AR').length },
    recentRefusals: parsed.slice(0, 10), listener, inboxOpen,
  };
}
