import { pino, type Logger as PinoLogger } from 'pino';
import { scrubText, scrubValue } from './scrub.js';
import { isTerminal, terminalLines } from './terminal-lines.js';

/** The logging capability handed to components; pino's shape, so the real one plugs in directly. */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Paths whose values are replaced in every log line, wherever a secret might be passed by mistake. */
export const REDACTED_PATHS = [
  'token',
  'accessToken',
  'password',
  'secret',
  '*.token',
  '*.accessToken',
  '*.password',
  '*.secret',
  '*.*.token',
  '*.*.accessToken',
  '*.*.password',
  '*.*.secret',
];

/**
 * Log lines on stderr, so stdout stays the shell's conversation: JSON lines, or readable lines when stderr
 * is a terminal (src/log/terminal-lines.ts formats the finished JSON line, so every protection below
 * holds). Secrets are kept out three ways: pino's redaction of the usual paths, a scrub of every logged
 * object and error at any depth (src/log/scrub.ts), and a last scrub of the finished line, which catches a
 * token quoted in the message itself.
 */
export function createLogger(level: LogLevel, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { app: 'stagehand' },
      serializers: { err: (error: unknown) => scrubValue(error) },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: { streamWrite: scrubText },
    },
    (isTerminal(destination) ? terminalLines(destination) : destination) as pino.DestinationStream,
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
