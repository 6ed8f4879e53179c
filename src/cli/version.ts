/**
 * `--version`: "stagehand <version>" from package.json, read as a file (no config, no store, no network
 * module is touched), so it answers even where the configuration is broken.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function versionLine(packageRoot: string): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return `stagehand ${typeof version === 'string' ? version : 'unknown'}`;
}
