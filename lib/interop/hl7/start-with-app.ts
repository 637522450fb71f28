import { log } from '../../ops/log';
import { startConfiguredListener } from './start-configured';

/**
 * Starts the HL7 listener inside the web server's process when TITERLINE_HL7_PORT is
 * set (issue 19, item 1), from instrumentation.ts's register(): the same listener and
 * settings as `npm run hl7:listen` (start-configured.ts). Never during `next build`
 * (its workers run register too, with NEXT_PHASE=phase-production-build), and never
 * twice in one process (register may run once per bundle that loads it): the first
 * start is kept on globalThis. A listener that cannot start (refused settings, port in
 * use) is logged and the web app runs on: the status page shows it "not answering".
 */
export type AppListenerStart = 'not configured' | 'build' | 'already started' | 'started' | 'refused' | 'failed';

const KEY = Symbol.for('titerline.hl7.listener-with-app');
type Holder = { [KEY]?: Promise<AppListenerStart> };
let running: { close: () => Promise<void> } | null = null;

export async function startListenerWithApp(env: Readonly<Record<string, string | undefined>>): Promise<AppListenerStart> {
  if (!env.TITERLINE_HL7_PORT?.trim()) return 'not configured';
  if (env.NEXT_PHASE === 'phase-production-build') return 'build';
  const holder = globalThis as Holder;
  if (holder[KEY]) {
    await holder[KEY];
    return 'already started';
  }
  holder[KEY] = (async (): Promise<AppListenerStart> => {
    try {
      const started = await startConfiguredListener(env, { log: (line) => log().info({ component: 'hl7' }, line) });
      if (!started.ok) {
        log().error({ component: 'hl7', problems: started.problems }, 'HL7 listener not started: its settings were refused');
        return 'refused';
      }
      log().info({ component: 'hl7', port: started.listener.port }, started.summary);
      running = started.listener;
      return 'started';
    } catch (e) {
      log().error({ component: 'hl7', error: e instanceof Error ? e.message : String(e) }, 'HL7 listener not started');
      return 'failed';
    }
  })();
  return holder[KEY];
}

/** Stops the listener started with the app (tests; the web server's exit closes it otherwise). */
export async function stopListenerWithApp(): Promise<void> {
  await running?.close();
  running = null;
  delete (globalThis as Holder)[KEY];
}
