/** How long to wait before reconnect attempt `attempt` (0 = the first after a drop): doubling, capped. */
export function reconnectDelayMs(attempt: number, limits: { readonly minSeconds: number; readonly maxSeconds: number }): number {
  // 2 ** 40 seconds is far past any cap; bounding the exponent keeps the arithmetic finite forever.
  const seconds = limits.minSeconds * 2 ** Math.min(attempt, 40);
  return Math.round(Math.min(seconds, Math.max(limits.minSeconds, limits.maxSeconds)) * 1000);
}
