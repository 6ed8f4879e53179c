/** A real pino logger (the app's createLogger) whose JSON lines are kept for the test to read. */
import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../../src/log/logger.js';

export interface LogEntry {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export function capturingLogger(level: LogLevel = 'debug'): { log: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) entries.push(JSON.parse(line) as LogEntry);
      callback();
    },
  });
  return { log: createLogger(level, sink), entries };
}
