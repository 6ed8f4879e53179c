import { defineConfig } from 'vitest/config';

/** `npm run test:docker`: replays the Dockerfile in clean directories (npm ci and a native build: minutes). */
export default defineConfig({
  test: {
    include: ['test/docker/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 30 * 60_000,
  },
});
