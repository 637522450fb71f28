/**
 * npm run hl7:listen
 * Starts the HL7 v2 lab feed's MLLP listener (issue 19; README "HL7 v2 lab feed"):
 * ORU^R01 messages from the senders and addresses on the allow-lists are filed
 * through the import's write path and acknowledged after the commit. Settings from the
 * environment (lib/interop/hl7/config.ts): TITERLINE_HL7_PORT (2575), TITERLINE_HL7_HOST
 * (127.0.0.1), TITERLINE_HL7_ALLOWED_SENDERS (required: APP|FACILITY,...),
 * TITERLINE_HL7_ALLOWED_ADDRESSES (this machine), TITERLINE_HL7_MRN_AUTHORITY,
 * TITERLINE_HL7_MAX_KB (1024), TITERLINE_HL7_APPLICATION/FACILITY (the ACK's MSH-3/4).
 * Exit 2 when the settings are refused. Stops on SIGINT/SIGTERM.
 */
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { listenerConfigFrom } from '../lib/interop/hl7/config';
import { startHl7Listener } from '../lib/interop/hl7/listener';

async function main(): Promise<void> {
  const read = listenerConfigFrom(process.env);
  if (!read.ok) {
    console.error(`The HL7 listener did not start:\n  ${read.problems.join('\n  ')}`);
    process.exit(2);
  }
  const { config } = read;
  runMigrations(getDb());
  const listener = await startHl7Listener(config, { log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
  console.log(`HL7 listener on ${config.host}:${listener.port} (MLLP); senders: ${config.allowedSenders.map((s) => `${s.application}|${s.facility}`).join(', ')}; addresses: ${config.allowedAddresses.join(', ')}`);
  const stop = () => {
    void listener.close().then(() => {
      closeDb();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
