/**
 * E2E global setup: build dist/ (the bot runs as `node dist/src/main.js`), install the servers if needed
 * (idempotent; apt needs root), start Synapse and InspIRCd + Atheme in a run directory of our own with free
 * ports, and stop them afterwards. A server that does not start fails the whole run: nothing is skipped.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { ServersState } from './helpers/servers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts/e2e/servers.mjs');

export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [SCRIPT, 'install'], { stdio: 'inherit' });
  // Our own run directory: a second run at the same time (or a developer's servers) never shares ports or data.
  const runDir = join(REPO, '.e2e', 'runs', `${process.pid}-${Date.now()}`);
  const env = { ...process.env, E2E_RUN_DIR: runDir };
  const stop = (): void => {
    execFileSync(process.execPath, [SCRIPT, 'stop'], { stdio: 'inherit', env });
    // Logs are kept when asked (E2E_KEEP=1) to look into a failure; otherwise the run leaves nothing behind.
    if (!process.env['E2E_KEEP']) rmSync(runDir, { recursive: true, force: true });
    else process.stderr.write(`e2e run directory kept: ${runDir}\n`);
  };
  try {
    execFileSync(process.execPath, [SCRIPT, 'start'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    // `status` rather than servers.json: it adds the pids, which live in files of their own.
    const state = execFileSync(process.execPath, [SCRIPT, 'status'], { stdio: ['ignore', 'pipe', 'inherit'], env, encoding: 'utf8' });
    project.provide('servers', JSON.parse(state) as ServersState);
    project.provide('serversScript', SCRIPT);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
