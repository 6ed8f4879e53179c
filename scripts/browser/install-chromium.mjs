#!/usr/bin/env node
/**
 * The browser test's browser: Debian's `chromium` package, never one downloaded by Playwright.
 * Idempotent; apt needs root or passwordless sudo.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
const log = (msg) => process.stderr.write(`[chromium] ${msg}\n`);

function asRoot(cmd, args) {
  const root = process.getuid?.() === 0;
  if (!root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`need root (or passwordless sudo) to run: ${cmd} ${args.join(' ')}`);
  }
  const [bin, argv] = root ? [cmd, args] : ['sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', cmd, ...args]];
  const r = spawnSync(bin, argv, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

if (existsSync(CHROMIUM)) {
  log(`already installed at ${CHROMIUM}`);
} else {
  log('installing chromium from Debian packages');
  asRoot('apt-get', ['update', '-qq']);
  asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
}
