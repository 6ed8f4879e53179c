/**
 * What the benches start as Stagehand: what `npm start` runs (scripts/start.mjs: a staleness check of the
 * bundle, then dist/src/main.js in the same process), without npm's own start-up in front.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './seed-store.js';

/** Arguments to `node`, from the repository root: package.json's `start`, without its `node`. */
export const STAGEHAND_BUNDLE: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1', 'scripts/start.mjs'];

/** Builds the bundle if a source changed, so the timed starts never include a build. */
export function ensureBundle(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed: ${build.stderr}`);
}
