import type { Audience, Destination, OutboxEffect } from '../ground/effects.js';

export type DeliveryOutcome =
  /** Posted now, or found to have been posted already (after a crash between post and record). */
  | { readonly kind: 'delivered'; readonly already?: boolean }
  /** Try again later: a rate limit, a 5xx, a network drop. `afterMs` honours the service's Retry-After. */
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number }
  /** Will never succeed as it is (a 4xx other than 429): stop and tell the leads. */
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * The port every outgoing network implements (Matrix, IRC, Twitter, GitHub, the blog folder, dry-run).
 *
 * `deliver` must be idempotent by `effect.key`: the worker calls it again after a crash that happened
 * between the post and its record, and the publisher must then find the earlier post instead of posting
 * twice.
 */
export interface Publisher {
  readonly destination: Destination;
  /**
   * The rooms/channels an effect for `audience` fans out to ('' when the destination has just one target).
   * Empty: this destination does not take posts for that audience.
   */
  targets(audience: Audience): readonly string[];
  deliver(effect: OutboxEffect): Promise<DeliveryOutcome>;
}

/** Where a publisher's effect is shown in local mode: the shell prints `[matrix] text`. */
export interface PostSink {
  show(label: string, lines: readonly string[]): void;
}
