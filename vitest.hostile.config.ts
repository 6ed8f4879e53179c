import { defineConfig } from 'vitest/config';

/**
 * The hostile-input suite (`npm run test:hostile`): property-based tests of the parsers and renderers
 * (fast-check, a fixed seed printed at start, HOSTILE_SEED=<n> to replay another), targeted injection cases
 * through the real dispatcher, desk and publishers, and the authorisation matrix.
 */
export default defineConfig({
  test: {
    include: ['test/hostile/**/*.test.ts'],
    setupFiles: ['test/hostile/fast-check-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { STAGEHAND_WEB_PORT: '0' },
  },
});
