import type { Logger } from '../../log/logger.js';
import type { Roster } from '../../people/roster.js';
import { draftKeyOf, type Audience, type OutboxEffect } from '../../ground/effects.js';
import type { DeliveryOutcome, Publisher } from '../../publish/publisher.js';
import type { MatrixIdOf } from './html.js';
import { renderPost } from './html.js';
import type { Clock } from '../../ground/clock.js';
import type { PollRepo, StoredPoll } from '../../store/poll-repo.js';
import { POLL_END_TYPE, POLL_START_TYPE, pollEndContent, pollStartContent } from './polls.js';
import type { RoomDirectory } from './rooms.js';
import { txnIdForEffect, type MessageSender } from './send.js';
import { errorSummary, type SyncingClient } from './sync-client.js';

/** The content field that carries the effect key, so a post can be found again after a crash. */
export const EFFECT_KEY_FIELD = 'org.stagehand.key';
/** How far back (events per page × pages) a retried delivery looks for its earlier post. */
const LOOK_BACK_PAGE = 100;
const LOOK_BACK_PAGES = 5;

export interface MatrixPublisherDeps {
  readonly client: SyncingClient;
  readonly rooms: RoomDirectory;
  readonly sender: MessageSender;
  readonly roster: Roster;
  readonly matrixIdOf: MatrixIdOf;
  readonly log: Logger;
  /** The polls sent, per room (the votes' map to rounds). */
  readonly polls: PollRepo;
  readonly clock: Clock;
}

/**
 * Posts announcements and notices into the configured rooms. Idempotent by effect key twice over: the
 * transaction id is derived from the key (the homeserver drops a repeat while it remembers the txn), and a
 * retried delivery first looks back through the room for a post carrying the key (after the homeserver has
 * forgotten the txn, e.g. a crash and a restart much later).
 */
export class MatrixPublisher implements Publisher {
  readonly destination = 'matrix' as const;

  constructor(private readonly deps: MatrixPublisherDeps) {}

  targets(audience: Audience): readonly string[] {
    return this.deps.rooms.namesFor(audience);
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const { rooms, sender, log } = this.deps;
    const { payload } = effect;
    if (payload.action !== 'announce' && payload.action !== 'poll-start' && payload.action !== 'poll-end') {
      return { kind: 'failed', reason: `matrix does not take ${payload.action} effects` };
    }
    let roomId: string;
    let encrypted: boolean;
    try {
      roomId = await rooms.idOf(effect.target);
      encrypted = await rooms.isEncrypted(roomId);
    } catch (error) {
      return unreachable(effect.target, error);
    }
    if (encrypted) {
      log.error({ room: effect.target, roomId, key: effect.key }, 'matrix room is encrypted: refusing to post plaintext into it');
      await this.tellLeadsAboutEncryption(effect, roomId);
      return { kind: 'failed', reason: `${effect.target} is an encrypted room; the bot does not post plaintext there` };
    }
    // A poll's end refers to its start's event in this room (none if the start failed for good); read once
    // per delivery, when it is needed.
    const startOfPoll = (): StoredPoll | undefined => (payload.action === 'poll-end' ? this.deps.polls.byStart(payload.startKey, roomId) : undefined);
    if (effect.attempts > 0) {
      try {
        const earlier = await this.alreadyPosted(roomId, effect.key);
        if (earlier !== null) {
          this.afterSent(effect, roomId, earlier, startOfPoll());
          return { kind: 'delivered', already: true };
        }
      } catch (error) {
        return { kind: 'retry', reason: `cannot read back ${effect.target}: ${errorSummary(error)}` };
      }
    }
    const pollStart = startOfPoll();
    const { type, content } = this.eventFor(effect, pollStart);
    const outcome = await sender.send(roomId, content, txnIdForEffect(effect.key, roomId), type);
    switch (outcome.kind) {
      case 'sent':
        this.afterSent(effect, roomId, outcome.eventId, pollStart);
        return { kind: 'delivered' };
      case 'limited':
        return { kind: 'retry', reason: 'matrix rate limit', afterMs: outcome.afterMs };
      case 'transient':
        return { kind: 'retry', reason: outcome.reason };
      case 'refused':
        return { kind: 'failed', reason: `${effect.target}: ${outcome.reason}` };
    }
  }

  /** The event an effect is sent as: a text post, or a poll's start or end (MSC3381). */
  private eventFor(effect: OutboxEffect, pollStart: StoredPoll | undefined): { type: string; content: Record<string, unknown> } {
    const { payload } = effect;
    const keyField = { [EFFECT_KEY_FIELD]: effect.key };
    if (payload.action === 'poll-start') {
      const userIds = payload.mentions.map((id) => this.deps.matrixIdOf(id)).filter((u): u is string => u !== undefined);
      return { type: POLL_START_TYPE, content: pollStartContent(payload, userIds, keyField) };
    }
    if (payload.action === 'poll-end') {
      // The start never reached this room (it failed for good): the results still go out, as text.
      if (pollStart) return { type: POLL_END_TYPE, content: pollEndContent(payload, pollStart.eventId, keyField) };
      return { type: 'm.room.message', content: { msgtype: 'm.text', ...renderPost(payload.text, []), ...keyField } };
    }
    if (payload.action !== 'announce') throw new Error(`matrix cannot send ${payload.action}`);
    const people = (payload.mentions ?? []).map((id) => ({ userId: this.deps.matrixIdOf(id), name: this.deps.roster.nameOf(id) }));
    return { type: 'm.room.message', content: { msgtype: 'm.text', ...renderPost(payload.text, people), ...keyField } };
  }

  /** A poll's start is remembered per room, so votes map to its round; its end closes it for votes. */
  private afterSent(effect: OutboxEffect, roomId: string, eventId: string, pollStart: StoredPoll | undefined): void {
    const { payload } = effect;
    if (payload.action === 'poll-start' && eventId) {
      this.deps.polls.record({ eventId, roomId, startKey: draftKeyOf(effect), release: payload.release, rc: payload.rc, stage: payload.stage });
    }
    if (payload.action === 'poll-end' && pollStart) this.deps.polls.markEnded(pollStart.eventId, this.deps.clock.now());
  }

  /** The bot's own recent event in the room carrying this effect key (its id), or null if none. */
  private async alreadyPosted(roomId: string, key: string): Promise<string | null> {
    const { client } = this.deps;
    const me = await client.getUserId();
    let from: string | undefined;
    for (let page = 0; page < LOOK_BACK_PAGES; page += 1) {
      const response = (await client.doRequest('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, {
        dir: 'b',
        limit: LOOK_BACK_PAGE,
        ...(from ? { from } : {}),
      })) as { chunk?: { event_id?: string; sender?: string; content?: Record<string, unknown> }[]; end?: string };
      const chunk = response.chunk ?? [];
      const found = chunk.find((e) => e.sender === me && e.content?.[EFFECT_KEY_FIELD] === key);
      if (found) return found.event_id ?? '';
      if (!response.end || chunk.length === 0) return null;
      from = response.end;
    }
    return null;
  }

  /** Once per effect (its own txn id), in a release room that is not encrypted, if there is one. */
  private async tellLeadsAboutEncryption(effect: OutboxEffect, encryptedRoomId: string): Promise<void> {
    const { rooms, roster, sender, log } = this.deps;
    const roomId = await rooms.plainReleaseRoom().catch(() => undefined);
    if (!roomId || roomId === encryptedRoomId) {
      log.error({ room: effect.target }, 'no unencrypted matrix release room to tell the leads in');
      return;
    }
    const leads = roster.leadIds.map((id) => ({ userId: this.deps.matrixIdOf(id), name: roster.nameOf(id) }));
    const text = `I did not post into ${effect.target}: it is an encrypted room, and I never post plaintext into encrypted rooms. Please configure an unencrypted room instead.`;
    const content = { msgtype: 'm.notice', ...renderPost(text, leads) };
    const outcome = await sender.send(roomId, content, txnIdForEffect(`encrypted-room:${effect.key}`, encryptedRoomId));
    if (outcome.kind !== 'sent') log.error({ outcome }, 'could not tell the leads about the encrypted room');
  }
}

function unreachable(target: string, error: unknown): DeliveryOutcome {
  const status = (error as { statusCode?: number }).statusCode;
  // An alias that does not exist will not start existing by itself: that needs a config fix.
  if (status === 404) return { kind: 'failed', reason: `${target} does not exist on the homeserver (${errorSummary(error)})` };
  return { kind: 'retry', reason: `cannot reach ${target}: ${errorSummary(error)}` };
}
