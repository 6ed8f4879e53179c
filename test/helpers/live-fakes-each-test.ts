/**
 * Fresh fake GitHub and X servers for every test of a file, the OpenAPI description parsed once per file.
 * Kept apart from live-fakes.ts because it registers vitest hooks, and live-fakes.ts also runs in the fault
 * suite's child process, where vitest is not loaded.
 *
 * Call it before the file's own afterEach: vitest runs after-hooks in reverse order of registration
 * (`sequence.hooks: 'stack'`), so the file closes its app first and the fakes close last.
 */
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { OpenApi } from '../fakes/openapi.js';
import { startLiveFakes, type LiveFakes } from './live-fakes.js';

/** `started` gets each test's fakes before the test runs: to keep them in the file's variable and seed them. */
export function liveFakesForEachTest(started: (fakes: LiveFakes) => void): void {
  let api: OpenApi;
  let fakes: LiveFakes | undefined;
  beforeAll(() => {
    api = OpenApi.github();
  });
  beforeEach(async () => {
    fakes = await startLiveFakes(api);
    started(fakes);
  });
  afterEach(async () => {
    await fakes?.close();
    fakes = undefined;
  });
}

/** The repository most tests start from: one ordinary commit on master. */
export function oneCommitOnMaster(fakes: LiveFakes): void {
  fakes.github.commit('master', 'core: faster bitswap (#6001)', { title: 'core: faster bitswap', user: 'alice' });
}
