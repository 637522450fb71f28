/**
 * Watches the server log (lib/ops/log.ts) for error lines, in place of a spy on
 * console.error (the code logs through pino, not the console): a test that must see no
 * unexpected error asserts `errors` is empty. `stop` puts back a logger on stdout.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { setLogDestination } from '@/lib/ops/log';

export interface ErrorLogWatch { errors: Record<string, unknown>[]; clear(): void; stop(): void }

export function watchErrorLog(): ErrorLogWatch {
  const errors: Record<string, unknown>[] = [];
  setLogDestination(new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.level === 'error' || entry.level === 'fatal') errors.push(entry);
      }
      done();
    },
  }));
  return {
    errors,
    clear: () => void errors.splice(0),
    stop: () => void setLogDestination(pino.destination({ dest: 1, sync: true })),
  };
}
