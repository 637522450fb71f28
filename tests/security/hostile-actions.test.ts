/**
 * Hostile input to every server action (Hardening, item 2). fast-check starts from the
 * registry's valid form and replaces, drops, repeats and adds fields with wrong types,
 * huge strings, unicode tricks, SQL/HTML fragments, extreme numbers and far dates, then
 * posts it as the role allowed to act. Expected: a FormState ('error' with a message,
 * or 'ok' when the input happened to be valid), never a thrown error other than
 * redirect(), never the "something went wrong" of an unexpected error, and a refused
 * call leaves every table and the audit chain as they were.
 *
 * The session: `next/headers` hands over the real session cookie of the caller
 * (cookie-jar.ts); see authorization.test.ts.
 */
import './next-als';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, MATRIX, type ActionEntry } from './registry';
import { callAction, dbState, expectUnchanged, INTERNAL_MESSAGE, type Caller } from './harness';
import { worldForThisFile } from './world';
import { formMutation, mutateForm } from './hostile';
import { watchErrorLog } from '../setup/error-log';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

/** Runs per action (split over its variants); the whole file stays well under a minute on 2 cores. */
const RUNS_PER_ACTION = 40;

const world = worldForThisFile();

function callerFor(entry: ActionEntry): Caller {
  if (entry.needs === 'public' || entry.needs === 'first-run') return world.callers.anonymous;
  if (entry.needs === 'signed-in') return world.callers.nurse;
  const role = MATRIX[entry.needs][0];
  if (!role) throw new Error(`nobody holds ${entry.needs}`);
  return world.callers[role];
}

/**
 * Ids the test itself relies on (its callers, their tokens, the catalog's assays): a
 * hostile `id` that happens to name one would legitimately deactivate a caller or
 * revoke its token - not a finding, just the test sawing off its own branch.
 */
function hitsProtected(entry: ActionEntry, fd: FormData): boolean {
  const kind = entry.file.includes('/admin/users/') ? 'user' : entry.file.includes('/admin/tokens/') ? 'token' : entry.file.includes('/admin/assays/') ? 'assay' : null;
  if (!kind) return false;
  return fd.getAll('id').some((v) => typeof v === 'string' && world.protectedIds[kind].has(Number(v)));
}

describe('server actions answer hostile input with a form error and change nothing', () => {
  for (const entry of ACTIONS) {
    for (const variant of entry.variants) {
      it(`${entry.name} (${variant.label})`, async () => {
        const caller = callerFor(entry);
        const errorLog = watchErrorLog();
        let rejected = 0;
        try {
          await fc.assert(
            fc.asyncProperty(formMutation, async (m) => {
              const fd = mutateForm(variant.valid(world.fx), m);
              fc.pre(!hitsProtected(entry, fd));
              const before = dbState();
              errorLog.clear();
              const out = await callAction(entry.run, caller, fd);
              if (out.kind === 'threw') throw new Error(`${entry.name} threw: ${String(out.error)}`);
              expect(errorLog.errors, 'an unexpected error was logged (a 500 in production)').toEqual([]);
              if (out.kind === 'redirect') {
                // Accepted (the input was still valid): redirect() follows a completed write.
                expect(dbState().audit.events).toBeGreaterThan(before.audit.events);
                return;
              }
              expect(['ok', 'error']).toContain(out.status);
              if (out.status === 'error') {
                rejected++;
                expect(out.message, 'a refusal says why').toBeTruthy();
                expect(out.message).not.toMatch(INTERNAL_MESSAGE);
                expectUnchanged(before, entry.name);
              }
            }),
            { numRuns: Math.ceil(RUNS_PER_ACTION / entry.variants.length), endOnFailure: true },
          );
        } finally {
          errorLog.stop();
        }
        // The hostile input did reach the validation (not one lucky valid run after another).
        expect(rejected).toBeGreaterThan(0);
      });
    }
  }
});
