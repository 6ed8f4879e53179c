/**
 * A script piped into the local shell on a data directory that already holds releases answers every line
 * with a refusal (its `!release new v0.5.0` exists already, its `/time 2040-…` is in the past) and exits 0:
 * a silent failure. So a piped start on the configuration's own data directory (`./data` in local mode)
 * that already has releases or a moved clock is refused up front with the ways out. Not refused: a person
 * at a terminal (who sees the state and the banner), `--continue` (running on top of the earlier state is
 * meant), and `--data DIR` (a directory named on purpose: restart rehearsals, a second script that builds
 * on the first, the tests).
 */
import { isAbsolute, relative } from 'node:path';
import type { Store } from '../store/store.js';
import { formatDuration } from '../ground/time-format.js';
import { LOCAL_CLOCK_OFFSET } from './local-banner.js';

export interface UsedDataCheck {
  readonly store: Pick<Store, 'releases' | 'settings'>;
  readonly dataDir: string;
}

/** The refusal to print, or null when the directory is fresh (no release, clock never moved). */
export function usedDataRefusal({ store, dataDir }: UsedDataCheck): string | null {
  const releases = store.releases.known().length;
  const offset = Number(store.settings.get(LOCAL_CLOCK_OFFSET) ?? 0);
  if (releases === 0 && !(offset > 0)) return null;
  const what = [
    releases > 0 ? `${releases} release${releases === 1 ? '' : 's'}` : null,
    offset > 0 ? `a simulated clock ${formatDuration(offset)} ahead` : null,
  ].filter(Boolean);
  return [
    `${shownAs(dataDir)} already has ${what.join(' and ')} from an earlier run, and a script on stdin would run on top of them.`,
    '  Run an example on a fresh data directory of its own: npm run example -- feature',
    '  or start over: npm start -- --reset (off a terminal: --reset --yes)',
    '  or run the script on this state on purpose: add --continue',
  ].join('\n');
}

/** `./data` for a directory under the current one, else the absolute path. */
function shownAs(dataDir: string): string {
  const path = relative(process.cwd(), dataDir);
  return path && !path.startsWith('..') && !isAbsolute(path) ? `./${path}` : dataDir;
}
