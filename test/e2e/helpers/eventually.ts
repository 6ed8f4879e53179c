/**
 * Waiting on real servers: poll a condition until it holds or a deadline passes. E2E tests wait only
 * through this (never a fixed sleep), so a fast machine is not slowed down and a slow one still passes.
 */
export interface PollOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** What is being waited for, for the failure message. */
  readonly what?: string;
}

/** Resolves with the first value `probe` returns that is not undefined; rejects after the timeout. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
