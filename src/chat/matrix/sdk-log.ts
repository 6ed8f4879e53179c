import { LogLevel, LogService, type ILogger } from 'matrix-bot-sdk';
import type { Logger } from '../../log/logger.js';

/**
 * matrix-bot-sdk logs through a process-wide LogService (its own global, not ours). It logs every error
 * response as an error, including the 404s and 429s this adapter expects and handles itself, so its lines
 * go to our log at debug level; the adapter logs what matters with context. Secrets: the SDK redacts
 * access tokens from bodies and never logs headers.
 */
export function routeSdkLogs(log: Logger): void {
  const line =
    (level: 'debug') =>
    (module: string, ...parts: unknown[]): void =>
      log[level]({ sdk: module }, parts.map((p) => (typeof p === 'string' ? p : safeJson(p))).join(' '));
  const bridge: ILogger = { trace: () => undefined, debug: line('debug'), info: line('debug'), warn: line('debug'), error: line('debug') };
  LogService.setLogger(bridge);
  LogService.setLevel(LogLevel.DEBUG);
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
