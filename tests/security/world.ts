import { afterAll, beforeAll } from 'vitest';
import { createWorld, expectAuditChainIntact, type World } from './harness';

/**
 * One world for the whole file: built before its first test; after its last, the audit
 * chain must still verify and the database is removed. The object is filled in place,
 * so a file can hold it in a `const` from the start.
 */
export function worldForThisFile(): World {
  const world = {} as World;
  beforeAll(async () => {
    Object.assign(world, await createWorld());
  }, 60_000);
  afterAll(() => {
    expectAuditChainIntact();
    world.dispose();
  });
  return world;
}
