import { defineConfig } from 'vitest/config';

/**
 * The load suite: 1,000 commands a minute from 50 people on real Synapse and InspIRCd + Atheme for
 * LOAD_MINUTES minutes: 2 in CI (`npm run test:load`, keeping CI under its time budget on two cores), 10 as
 * a benchmark (`npm run bench:load`). Same assertions either way. Same global setup as the e2e suite.
 */
const minutes = Number(process.env['LOAD_MINUTES'] ?? 2);

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
