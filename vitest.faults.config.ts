import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): SIGKILLs during a release, GitHub and X outages on the manual
 * clock. Bounded to a few minutes on a 2-core machine; files run one at a time (the kill run spawns a
 * hundred processes and wants the cores to itself).
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 60_000,
    env: { STAGEHAND_WEB_PORT: '0' },
  },
});
