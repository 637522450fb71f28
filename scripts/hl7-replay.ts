/**
 * npm run hl7:replay -- <file> [--stop-on-error]
 * Feeds a file of HL7 v2 ORU^R01 messages (MLLP-framed, or one per MSH segment) through
 * the feed's own write path, in order, for back-loading history: the same allow-list of
 * senders (TITERLINE_HL7_ALLOWED_SENDERS), code map, entry rules, duplicate handling and
 * audit as the listener (lib/dal/hl7-feed.ts). Prints one line per message: its control ID,
 * AA/AE/AR and the words of its ACK. A re-run is safe: messages already filed are
 * acknowledged and change nothing. Exit 0 when every message got AA, 1 otherwise,
 * 2 on usage or settings errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { effectiveAllowList, readStoredAllowList } from '../lib/dal/hl7-allow-list';
import { hl7FeedActor, receiveHl7Message } from '../lib/dal/hl7-feed';
import { listenerConfigFrom } from '../lib/interop/hl7/config';
import { splitMessages } from '../lib/interop/hl7/split';
import { fail, parseArgs } from './cli-args';

const USAGE = 'Usage: npm run hl7:replay -- <file> [--stop-on-error]';

function main(): void {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  const stopValue = flags['stop-on-error'];
  const files = [...positional, ...(typeof stopValue === 'string' ? [stopValue] : [])];
  if (Object.keys(flags).some((f) => f !== 'stop-on-error')) fail(`${USAGE}\n(unknown option)`);
  if (files.length !== 1) fail(`${USAGE}\n(name exactly one file)`);
  const file = path.resolve(files[0]!);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`No file at ${file}.`);
  runMigrations(getDb());
  // The allow-list an administrator saved (Admin, Lab feed) takes precedence over the environment's.
  const read = listenerConfigFrom(process.env, { storedAllowList: readStoredAllowList() !== null });
  if (!read.ok) fail(`Not replayed:\n  ${read.problems.join('\n  ')}`);
  const { config } = read;
  const split = splitMessages(fs.readFileSync(file), config.maxBytes);
  if (!split.ok) fail(`Not replayed: message ${split.index}: ${split.problem}`, 1);
  const actor = hl7FeedActor();
  const tally = { AA: 0, AE: 0, AR: 0 };
  try {
    for (const [i, text] of split.messages.entries()) {
      const outcome = receiveHl7Message(actor, text, { ...config, allowedSenders: effectiveAllowList({ senders: config.allowedSenders, addresses: config.allowedAddresses }).senders }, 'replay');
      tally[outcome.ack]++;
      console.log(`${i + 1}\t${outcome.controlId || '(no control ID)'}\t${outcome.ack}\t${outcome.text}`);
      if (outcome.ack !== 'AA' && stopValue !== undefined) break;
    }
  } finally {
    closeDb();
  }
  console.log(`${split.messages.length} messages: ${tally.AA} AA, ${tally.AE} AE, ${tally.AR} AR.`);
  process.exitCode = tally.AE + tally.AR > 0 ? 1 : 0;
}

main();
