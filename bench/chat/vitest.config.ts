import { defineConfig } from 'vitest/config';

/**
 * `npm run bench:chat`: reply latency on real servers, side by side with bare echo bots, and an IRC burst.
 * It reuses the e2e global setup (build, install and start Synapse + InspIRCd/Atheme on loopback) and prints
 * figures; nothing in it is a timed assertion.
 */
export default defineConfig({
  test: {
    include: ['bench/chat/*.bench.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
