import { defineConfig } from 'vitest/config';
import path from 'node:path';

// Browser tests: a real production build (`next start`) on a temp database, driven
// by playwright-core in Debian's Chromium. One file at a time: the machine has 2 cores.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'tests/setup/server-only-stub.ts'),
    },
  },
  test: {
    // Also security and reliability tests that need real servers (several `next start` on one database).
    include: ['tests/e2e/**/*.e2e.test.ts', 'tests/security/**/*.e2e.test.ts', 'tests/reliability/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
