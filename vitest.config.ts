import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/src/**/*.test.ts',
      'common/src/**/*.test.ts',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
      'web/*.test.ts',
    ],
    // Scale-out runs several server processes on one database, which only PostgreSQL admits.
    exclude: process.env.RAPPORT_TEST_DRIVER === 'postgres' ? [] : ['**/*.postgres.test.ts'],
    globalSetup: ['server/src/test/global-setup.ts'],
    // In the PostgreSQL run a query sent on a connection busy with another fails its test
    // (server/src/test/busy-sends.ts; about 10 % more CPU). RAPPORT_DETECT_BUSY_SENDS=0 turns it off.
    setupFiles:
      process.env.RAPPORT_TEST_DRIVER === 'postgres' && process.env.RAPPORT_DETECT_BUSY_SENDS !== '0'
        ? ['server/src/test/busy-sends.ts']
        : [],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
