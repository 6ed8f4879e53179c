/**
 * Expected failures are values, not exceptions: a `Failure` carries the text a person sees.
 * Exceptions are kept for bugs and broken infrastructure.
 */
export interface Failure {
  /** What the person who asked is told. */
  readonly message: string;
  /** Extra detail for the log only. */
  readonly detail?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(message: string, detail?: string): Result<T> => ({
  ok: false,
  error: detail === undefined ? { message } : { message, detail },
});
