import type { Logger } from './logger.js';
import type { Redactor } from './redactor.js';

/**
 * `log` with the configured secrets' exact values taken out of every argument (objects and errors at any
 * depth, messages, a child's bindings) before pino sees them. It inherits everything else from `log`, so
 * it stands wherever a pino logger does.
 */
export function redactingLogger(log: Logger, redactor: Redactor): Logger {
  if (redactor.empty) return log;
  const wrapped = Object.create(log) as Logger;
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const write = log[level].bind(log) as (...args: unknown[]) => void;
    wrapped[level] = ((first: unknown, ...rest: unknown[]) => {
      const more = rest.map((arg) => redactor.value(arg));
      // pino logs an Error given first under `err` with its message; the redacted copy is a plain object.
      if (first instanceof Error) write({ err: redactor.value(first) }, ...(more.length > 0 ? more : [redactor.text(first.message)]));
      else write(redactor.value(first), ...more);
    }) as Logger[typeof level];
  }
  wrapped.child = ((bindings: Record<string, unknown>, options?: object) =>
    redactingLogger(log.child(redactor.value(bindings), options as never), redactor)) as unknown as Logger['child'];
  return wrapped;
}
