
export interface Deadline {
  readonly signal: AbortSignal;
  /** The request finished in time: forget the deadline. */
  done(): void;
}

/**
 * A deadline for one request, so a server that accepts a connection and never answers cannot hold a
 * delivery lane forever. It runs on a real timer, not the injected clock: a manual clock's advance waits for
 * the deliveries it makes due, so a deadline queued on that same clock could never fire (tests fake the
 * timer instead). The abort error is named AbortError: Octokit passes those through instead of calling them a 500.
 */
export function deadline(timeoutMs: number, service: string): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const error = new Error(`${service} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    error.name = 'AbortError';
    controller.abort(error);
  }, timeoutMs);
  timer.unref?.();
  return { signal: controller.signal, done: () => clearTimeout(timer) };
}
