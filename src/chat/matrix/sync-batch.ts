import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../../log/logger.js';

/** What one sync batch is passed on with: the SDK's emitFn. */
export type Emit = (type: string, ...payload: unknown[]) => Promise<unknown>;

const GAP_PAGE = 100;
const GAP_PAGES = 20;

export interface SyncResponse {
  next_batch?: string;
  rooms?: { join?: Record<string, { timeline?: { events?: unknown[]; limited?: boolean; prev_batch?: string } }> };
}

/**
 * A room where more happened since the last sync than the timeline limit comes back "limited": only its
 * latest events. The ones in between are fetched here (back from prev_batch to the last sync token) and
 * put in front, so no message sent while the bot was away is missed. A failure fails the whole sync,
 * which is then retried from the same token.
 */
export async function fillGaps(client: MatrixClient, response: SyncResponse, since: string, log: Logger): Promise<void> {
  for (const [roomId, room] of Object.entries(response.rooms?.join ?? {})) {
    const timeline = room.timeline;
    if (!timeline?.limited || !timeline.prev_batch) continue;
    const missing: unknown[] = [];
    let from: string | undefined = timeline.prev_batch;
    for (let page = 0; page < GAP_PAGES && from; page += 1) {
      const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
      const answer = (await client.doRequest('GET', path, { dir: 'b', from, to: since, limit: GAP_PAGE })) as { chunk?: unknown[]; end?: string };
      const chunk = answer.chunk ?? [];
      missing.push(...chunk);
      from = chunk.length > 0 ? answer.end : undefined;
    }
    if (from) log.warn({ roomId, fetched: missing.length }, 'matrix: the bot was away for very long; older messages in this room are not read');
    if (missing.length > 0) log.info({ roomId, fetched: missing.length }, 'matrix: read the messages a limited sync left out');
    timeline.events = [...missing.reverse(), ...(timeline.events ?? [])];
  }
}

/**
 * The emitter for one sync batch, holding back messages the bot was not there for: all of them on the
 * first sync of a fresh data directory, and in a room it joins in this batch, those before its join.
 */
export function historyFilter(response: unknown, skipAll: boolean, me: string, emit: Emit): Emit {
  const joining = new Set(roomsJoinedIn(response, me));
  return (type, ...payload) => {
    const [roomId, event] = payload as [string, { type?: string; state_key?: string; content?: { membership?: string } }];
    if (type === 'room.event' && event?.type === 'm.room.member' && event.state_key === me && event.content?.membership === 'join') joining.delete(roomId);
    if (type === 'room.message' && (skipAll || joining.has(roomId))) return Promise.resolve();
    return emit(type, ...payload);
  };
}

/** Rooms whose timeline in this sync batch contains the bot's own join. */
function roomsJoinedIn(response: unknown, me: string): string[] {
  const joined = (response as { rooms?: { join?: Record<string, { timeline?: { events?: unknown[] } }> } })?.rooms?.join ?? {};
  return Object.entries(joined)
    .filter(([, room]) =>
      (room.timeline?.events ?? []).some((e) => {
        const event = e as { type?: string; state_key?: string; content?: { membership?: string } };
        return event.type === 'm.room.member' && event.state_key === me && event.content?.membership === 'join';
      }),
    )
    .map(([roomId]) => roomId);
}

