import { createHash, randomUUID } from 'node:crypto';
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ground/clock.js';
import { errorSummary } from './sync-client.js';

export type SendOutcome =
  | { readonly kind: 'sent'; readonly eventId: string }
  /** Still rate limited after `maxTries` (the outbox tries again later with the same txn id). */
  | { readonly kind: 'limited'; readonly afterMs: number }
  /** The homeserver or the network failed: worth another try later. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Refused for good (forbidden, unknown room, bad token). */
  | { readonly kind: 'refused'; readonly reason: string };

/** Without retry_after_ms from the server, wait this long (doubling per try). */
const DEFAULT_LIMIT_WAIT_MS = 2_000;
const MAX_LIMIT_WAIT_MS = 5 * 60_000;

/**
 * Sends room events (m.room.message unless told otherwise: polls) with a transaction id chosen by the caller. The homeserver treats a repeated
 * (access token, txn id) as the same event, so resending after a rate limit or a dropped connection can
 * never post twice — as long as the caller keeps the txn id: derived from the effect key for posts,
 * generated once per reply.
 */
export class MessageSender {
  constructor(
    private readonly client: MatrixClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly maxTries = 5,
  ) {}

  async send(roomId: string, content: Record<string, unknown>, txnId: string, eventType = 'm.room.message'): Promise<SendOutcome> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(eventType)}/${encodeURIComponent(txnId)}`;
    let limitedWaitMs = 0;
    for (let attempt = 1; attempt <= this.maxTries; attempt += 1) {
      try {
        const response = (await this.client.doRequest('PUT', path, null, content)) as { event_id?: string };
        return { kind: 'sent', eventId: response.event_id ?? '' };
      } catch (error) {
        const limited = rateLimitWait(error, attempt);
        if (limited === null) return classify(error);
        limitedWaitMs = limited;
        if (attempt === this.maxTries) break;
        this.log.info({ roomId, waitMs: limited, attempt }, 'matrix rate limit: waiting, then resending with the same transaction id');
        await sleep(this.clock, limited);
      }
    }
    return { kind: 'limited', afterMs: limitedWaitMs };
  }
}

/** A txn id for an outbox effect in one room: the same on every retry, across restarts. */
export function txnIdForEffect(key: string, roomId: string): string {
  return `stagehand-${createHash('sha256').update(`${key}\n${roomId}`).digest('hex').slice(0, 32)}`;
}

/** A txn id for one reply, generated once and reused by its retries. */
export function newTxnId(): string {
  return `stagehand-reply-${randomUUID()}`;
}

/** How long M_LIMIT_EXCEEDED asks us to wait, or null if the error is something else. */
export function rateLimitWait(error: unknown, attempt: number): number | null {
  const e = error as { errcode?: string; statusCode?: number; retryAfterMs?: number; body?: { retry_after_ms?: number }; headers?: Record<string, string | undefined> };
  if (!e || typeof e !== 'object') return null;
  if (e.errcode !== 'M_LIMIT_EXCEEDED' && e.statusCode !== 429) return null;
  const fromBody = e.retryAfterMs ?? e.body?.retry_after_ms;
  if (typeof fromBody === 'number' && fromBody >= 0) return Math.min(fromBody, MAX_LIMIT_WAIT_MS);
  const header = Number(e.headers?.['retry-after']);
  if (Number.isFinite(header) && header >= 0) return Math.min(header * 1000, MAX_LIMIT_WAIT_MS);
  return Math.min(DEFAULT_LIMIT_WAIT_MS * 2 ** (attempt - 1), MAX_LIMIT_WAIT_MS);
}

function classify(error: unknown): SendOutcome {
  const e = error as { errcode?: string; statusCode?: number };
  const status = e && typeof e === 'object' ? e.statusCode : undefined;
  // No status: the connection failed. 5xx: the homeserver is having trouble. Both pass.
  if (status === undefined || status >= 500) return { kind: 'transient', reason: errorSummary(error) };
  return { kind: 'refused', reason: errorSummary(error) };
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise<void>((resolve) => clock.schedule(clock.now() + ms, resolve));
}
