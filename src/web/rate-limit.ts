/**
 * A token bucket per client address: `burst` requests at once, then `perMinute` a minute. Memory is
 * bounded: at most `maxClients` buckets are kept; when full, buckets that have refilled (which hold
 * nothing a fresh bucket would not) are dropped first, then the least recently seen.
 */
export interface RateLimitOptions {
  readonly burst: number;
  readonly perMinute: number;
  readonly maxClients: number;
  /** Milliseconds since the epoch (the app's clock; tests move it by hand). */
  readonly now: () => number;
}

/** Allowed, or refused with how long until the next request would be allowed. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly options: RateLimitOptions) {
    this.perMs = options.perMinute / 60_000;
  }

  take(client: string): RateDecision {
    const now = this.options.now();
    const bucket = this.buckets.get(client) ?? this.fresh(now);
    // Map order is recency order: re-inserting moves the client to the end.
    this.buckets.delete(client);
    // A clock that moved back refills nothing (and takes nothing back).
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** How many clients are remembered (bounded by maxClients). */
  get size(): number {
    return this.buckets.size;
  }

  private fresh(now: number): Bucket {
    if (this.buckets.size >= this.options.maxClients) this.makeRoom(now);
    return { tokens: this.options.burst, at: now };
  }

  private makeRoom(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.options.burst) this.buckets.delete(client);
    }
    if (this.buckets.size < this.options.maxClients) return;
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}

/**
 * The bucket a client address counts against. An IPv6 host is usually given a whole /64 and can pick a new
 * address in it for every request, so IPv6 clients are counted per /64; IPv4 addresses count one by one.
 */
export function rateKeyOf(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  const front = head === '' ? [] : head.split(':');
  // `::` stands for as many zero groups as make eight; only the first four (the /64) are kept.
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - (tail === '' ? 0 : tail.split(':').length))).fill('0'), ...(tail === '' ? [] : tail.split(':'))];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
