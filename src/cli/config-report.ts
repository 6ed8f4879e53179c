/**
 * What a normal start prints when the configuration is refused: the same full list `--check-config` gives
 * (schema, unknown keys, every secret, templates), not only the problems of the step that failed first
 * (a typo in one key used to hide seven missing secrets until it was fixed).
 */
import { checkConfig } from '../check-config.js';
import type { ConfigError } from '../config/load.js';

export function fullConfigReport(file: string, env: NodeJS.ProcessEnv, refused: ConfigError): string {
  const check = checkConfig(file, env);
  // Start-up may refuse what the check passes (a file changed in between): then its own message stands.
  return check.ok ? refused.message : check.report;
}
