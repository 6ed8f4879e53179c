import type { Config } from '../config/schema.js';
import type { LogLevel } from '../log/logger.js';

/**
 * The log level when neither --log-level nor $STAGEHAND_LOG_LEVEL names one. A deployment (no local shell)
 * logs at info, so its start shows `ready`, each network connected and the status page's URL, and every
 * command is on record; the local shell logs only warnings, so the conversation on the terminal stays
 * readable (its banner already shows the status page).
 */
export function defaultLogLevel(config: Pick<Config, 'chat'>): LogLevel {
  return config.chat.shell ? 'warn' : 'info';
}
