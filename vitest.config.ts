import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests spawn the bot as a subprocess; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every app the tests build (and the `npm start` children, which inherit it) serves its page on a free port.
    env: { STAGEHAND_WEB_PORT: '0' },
  },
});
