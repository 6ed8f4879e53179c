import { defineConfig } from 'vitest/config';

/**
 * The load suite (`npm run test:load`): 1,000 commands a minute from 50 people on real Synapse and InspIRCd
 * + Atheme for 10 minutes (LOAD_MINUTES shortens it for development). Same global setup as the e2e suite.
 */
const minutes = Number(process.env['LOAD_MINUTES'] ?? 10);

export default defineConfig({
  test: {
    include: ['test/load/**/*.load.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    // The run, then up to 15 minutes to drain a backlog, plus set-up.
    testTimeout: (minutes + 25) * 60_000,
    hookTimeout: 300_000,
  },
});
