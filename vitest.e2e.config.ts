import { defineConfig } from 'vitest/config';

/**
 * The e2e suite (`npm run test:e2e`): real Synapse, InspIRCd and Atheme started by the global setup, the bot
 * as a separate process. Files run one at a time because some restart the shared servers.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
