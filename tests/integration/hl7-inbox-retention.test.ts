/**
 * Retention of the lab inbox's message text (issue 19, operations) on a real SQLite file:
 * filed and dismissed messages resolved longer ago than the site setting lose their raw
 * HL7 text (one audited transaction); the row keeps the patient as sent, the reason, the
 * outcome and who/when; stored results are untouched; open messages are never touched,
 * however old. The setting is validated in words and audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hl7FeedActor, receiveHl7Message, type FeedConfig } from '@/lib/dal/hl7-feed';
import { dismissInboxMessage, fileInboxMessageAgain, listOpenInbox } from '@/lib/dal/hl7-inbox';
import {
  DEFAULT_RETENTION_DAYS, getRetentionDays, readRetentionDays, removeExpiredInboxText, retentionActor, updateRetentionDays,
} from '@/lib/dal/hl7-inbox-retention';
import { resetFeedRefusalThrottle } from '@/lib/dal/hl7-refusals';
import { startConfiguredListener } from '@/lib/interop/hl7/start-configured';
import { inactive, makeTeam, type Team } from '../setup/actors';
import { auditRows, daysAgo, expectRefused, newPatient, sqlite } from '../setup/dal-helpers';
import { labAMessage } from '../setup/hl7-messages';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

const CONFIG: FeedConfig = { allowedSenders: [{ application: 'LABSYS', facility: 'REFLAB A' }] };
const DAY = 86_400_000;
let team: Team;
const rows = () => sqlite().prepare('SELECT id, status, length(raw_text) AS textLength, patient_as_sent AS asSent, problem, resolution, resolved_by AS resolvedBy, resolved_at AS resolvedAt FROM hl7_inbox ORDER BY id').all() as
  { id: number; status: string; textLength: number; asSent: string; problem: string; resolution: string | null; resolvedBy: number | null; resolvedAt: string | null }[];
const held = (mrn: string, controlId: string) => {
  resetFeedRefusalThrottle();
  expect(receiveHl7Message(hl7FeedActor(), labAMessage({ mrn, controlId, day: daysAgo(9), extraPid3: '', accession: `A-${controlId}`, ck: '400' }).replace(/\rOBX\|1\|NM\|88733-1[^\r]*\rNTE[^\r]*/, ''), CONFIG).ack).toBe('AE');
  return listOpenInbox(team.nurse).find((i) => i.controlId === controlId)!.id;
};

beforeAll(async () => {
  useTempDatabase();
  team = await makeTeam();
});

describe('the setting', () => {
  it('defaults to a year, refuses what is not a whole number of days in range (nothing changed), and is audited', async () => {
    expect(getRetentionDays(team.admin)).toBe(DEFAULT_RETENTION_DAYS);
    for (const days of ['', 'abc', '6', '3651', '30.5', '-30', '1e3', 'x'.repeat(10_000), null, { days: 30 }]) {
      const err = await expectRefused(() => updateRetentionDays(team.admin, { days }), 'invalid', 'days');
      expect(err.fieldErrors.days!.join(' ')).toMatch(/whole number of days from 7 to 3650/);
    }
    for (const who of [team.nurse, team.physician, team.reviewer, inactive(team.admin)]) await expectRefused(() => updateRetentionDays(who, { days: '30' }), 'forbidden');
    await expectRefused(() => getRetentionDays(team.nurse), 'forbidden');
    expect(updateRetentionDays(team.admin, { days: ' 30 ' })).toBe(30);
    expect(readRetentionDays()).toBe(30);
    expect(JSON.parse(auditRows('settings.hl7-inbox-retention').at(-1)!.after_json ?? '{}')).toEqual({ days: 30 });
  });
});

describe('removing expired message text', () => {
  it('removes only the text of messages resolved longer ago than the setting, in one audited transaction', async () => {
    const oldFiled = held('RET-1', 'T-1');
    const patient = newPatient(team.nurse, { mrn: 'RET-1', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15' });
    fileInboxMessageAgain(team.nurse, oldFiled);
    const oldDismissed = held('RET-404', 'T-2');
    dismissInboxMessage(team.physician, oldDismissed, 'Not a patient of this clinic');
    const recentDismissed = held('RET-405', 'T-3');
    dismissInboxMessage(team.physician, recentDismissed, 'Sent to us by mistake');
    const stillOpen = held('RET-406', 'T-4');
    // Age the first two (and the open one: an open message is never touched however old).
    sqlite().prepare('UPDATE hl7_inbox SET resolved_at = ? WHERE id IN (?, ?)').run(new Date(Date.now() - 31 * DAY).toISOString(), oldFiled, oldDismissed);
    sqlite().prepare('UPDATE hl7_inbox SET received_at = ? WHERE id = ?').run(new Date(Date.now() - 900 * DAY).toISOString(), stillOpen);
    const results = sqlite().prepare('SELECT * FROM enzyme_results WHERE patient_id = ?').all(patient);
    expect(results).toHaveLength(1);
    const before = rows();

    const counts = tableCounts();
    expect(removeExpiredInboxText(retentionActor())).toEqual({ removed: 2, days: 30 });
    // One event of its own (the total also takes in the read journal's inbox views, chained by any write).
    expect({ ...tableCounts(), audit_events: 0 }).toEqual({ ...counts, audit_events: 0 });
    expect(auditRows('hl7.inbox.text-removed')).toHaveLength(1);
    const after = rows();
    for (const r of after) {
      const was = before.find((b) => b.id === r.id)!;
      // Everything but the text stays as it was.
      expect({ ...r, textLength: 0 }).toEqual({ ...was, textLength: 0 });
      expect(r.textLength).toBe([oldFiled, oldDismissed].includes(r.id) ? 0 : was.textLength);
      expect(was.textLength).toBeGreaterThan(100);
    }
    expect(sqlite().prepare('SELECT * FROM enzyme_results WHERE patient_id = ?').all(patient)).toEqual(results);
    const event = auditRows('hl7.inbox.text-removed').at(-1)!;
    expect(event).toMatchObject({ origin: 'hl7', reason: expect.stringMatching(/kept 30 days/) });
    expect(JSON.parse(event.after_json ?? '{}')).toMatchObject({ removed: 2, retentionDays: 30, inboxIds: [oldFiled, oldDismissed] });

    // A second run has nothing to do and writes nothing (no daily noise in the audit trail).
    const again = tableCounts();
    expect(removeExpiredInboxText(retentionActor())).toEqual({ removed: 0, days: 30 });
    expect(tableCounts()).toEqual(again);
    expect(auditRows('hl7.inbox.text-removed')).toHaveLength(1);
    // The open one can still be filed once its patient is registered: its text was kept.
    newPatient(team.nurse, { mrn: 'RET-406', familyName: 'Lindqvist', givenName: 'Astrid', birthDate: '1980-03-15' });
    expect(fileInboxMessageAgain(team.nurse, stillOpen).summary).toMatch(/^Filed: 1 stored/);
  });

  it('is refused to users who may not change settings, nothing changed', async () => {
    await expectRefused(() => removeExpiredInboxText(team.nurse), 'forbidden');
  });
});

describe('when it runs', () => {
  it('runs when the listener starts (then daily)', async () => {
    const id = held('RET-500', 'T-5');
    dismissInboxMessage(team.nurse, id, 'Duplicate of a result already entered');
    sqlite().prepare('UPDATE hl7_inbox SET resolved_at = ? WHERE id = ?').run(new Date(Date.now() - 40 * DAY).toISOString(), id);
    const lines: string[] = [];
    const started = await startConfiguredListener({ TITERLINE_HL7_PORT: '0', TITERLINE_HL7_ALLOWED_SENDERS: 'LABSYS|*' }, { log: (l) => lines.push(l) });
    expect(started.ok).toBe(true);
    if (started.ok) await started.listener.close();
    expect(rows().find((r) => r.id === id)?.textLength).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/inbox retention: message text removed from 1 resolved messages/));
  });
});
