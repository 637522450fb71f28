/**
 * npm run hl7:listen
 * Starts the HL7 v2 lab feed's MLLP listener (issue 19; README "HL7 v2 lab feed"):
 * ORU^R01 messages from the senders and addresses on the allow-lists are filed
 * through the import's write path and acknowledged after the commit. Settings from the
 * environment (lib/interop/hl7/config.ts): TITERLINE_HL7_PORT (2575), TITERLINE_HL7_HOST
 * (127.0.0.1), TITERLINE_HL7_ALLOWED_SENDERS (required: APP|FACILITY,...),
 * TITERLINE_HL7_ALLOWED_ADDRESSES (this machine), TITERLINE_HL7_MRN_AUTHORITY,
 * TITERLINE_HL7_MAX_KB (1024), TITERLINE_HL7_APPLICATION/FACILITY (the ACK's MSH-3/4).
 * The allow-lists an administrator saved under Admin, Lab feed take precedence over the
 * environment's (read at each connection and message). Exit 2 when the settings are refused. Stops on SIGINT/SIGTERM.
 * Started by the web server (lib/interop/hl7/start-with-app.ts) it says over IPC how its
 * start went, and stops when that channel closes (the server has gone).
 */
import { closeDb, getDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { startConfiguredListener } from '../lib/interop/hl7/start-configured';
import type { ListenerChildMessage } from '../lib/interop/hl7/start-with-app';

/** Sends to the web server that started it, if one did; resolves once the message is out. */
const tell = (m: ListenerChildMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));

async function main(): Promise<void> {
  runMigrations(getDb());
  const started = await startConfiguredListener(process.env, { log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
  if (!started.ok) {
    console.error(`The HL7 listener did not start:\n  ${started.problems.join('\n  ')}`);
    await tell({ hl7: 'refused', problems: started.problems });
    closeDb();
    process.exit(2);
  }
  const { listener } = started;
  console.log(started.summary);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void listener.close().then(() => {
      closeDb();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  await tell({ hl7: 'started', port: listener.port });
}

main().catch((e: unknown) => {
  console.error(`The HL7 listener did not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
