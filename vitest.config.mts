import { configDefaults, defineConfig } from 'vitest/config';
import path from 'node:path';

// Unit and integration tests. Integration tests open real SQLite files in temp dirs.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run the DAL directly.
      'server-only': path.resolve(import.meta.dirname, 'tests/setup/server-only-stub.ts'),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/reliability/**/*.test.ts', 'tests/security/**/*.test.ts', 'lib/**/*.test.ts'],
    // Tests against `next start` of the production build (tests/e2e, and *.e2e.test.ts under tests/security and tests/reliability) run with the browser tests: vitest.e2e.config.mts.
    exclude: [...configDefaults.exclude, '**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
