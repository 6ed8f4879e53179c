import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Integration tests run `npm start` in parallel; its build step (scripts/build.mjs) is done once here
 * first, so those runs find dist/ up to date instead of all transpiling at the same moment.
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
}
