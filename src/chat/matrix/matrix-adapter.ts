import type { Reply } from '../../commands-kit/reply.js';
import type { Logger } from '../../log/logger.js';
import type { Roster } from '../../people/roster.js';
import type { Clock } from '../../ground/clock.js';
import { line, reply } from '../../commands-kit/reply.js';
import type { ChatAdapter, InboundMessage, VoteSink } from '../port.js';
import { voteOf, type PollVote } from './polls.js';
import { renderFittingReply } from './fit-reply.js';
import type { MatrixIdOf } from './html.js';
import { commandTextOf, type RoomEvent } from './inbound.js';
import type { RoomDirectory } from './rooms.js';
import { newTxnId, sleep, type MessageSender } from './send.js';
import { errorSummary, SYNC_FAILED, SYNC_FILTER, type SyncingClient } from './sync-client.js';

export interface MatrixAdapterDeps {
  readonly client: SyncingClient;
  readonly rooms: RoomDirectory;
  readonly sender: MessageSender;
  readonly roster: Roster;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Where a message came from, for the reply's m.in_reply_to. */
interface Origin {
  readonly roomId: string;
  readonly eventId: string;
}

function isAuthError(error: unknown): boolean {
  const errcode = (error as { errcode?: string } | null)?.errcode;
  return errcode === 'M_UNKNOWN_TOKEN' || errcode === 'M_MISSING_TOKEN';
}

/** A reply that keeps failing for network reasons is retried this many times, then logged and dropped. */
const REPLY_TRIES = 4;
/** Replies on their way to the homeserver while the next commands are handled (see onRoomMessage). */
const REPLIES_IN_FLIGHT = 8;

/**
 * Matrix as a chat network: commands are text messages in the release and testers rooms, identified by
 * the sender's user id (the homeserver vouches for it); replies are Matrix replies with a plain body and
 * escaped HTML. Invites are accepted from leads only. Events are handled one at a time, in sync order;
 * a command's reply is sent while the next ones are handled (up to REPLIES_IN_FLIGHT at once), so the
 * rate of answers is not one homeserver round trip per command.
 */
export class MatrixAdapter implements ChatAdapter {
  readonly network = 'matrix' as const;
  private readonly origins = new WeakMap<InboundMessage, Origin>();
  private readonly displayNames = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  /** Messages whose handling has reached reply(): the queue may move on to the next event. */
  private readonly replyStarted = new WeakMap<InboundMessage, () => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private botUserId = '';
  private stopped = false;

  constructor(private readonly deps: MatrixAdapterDeps) {}

  /** Who the mention inlines of a reply pill: a person's configured Matrix id. */
  readonly matrixIdOf: MatrixIdOf = (personId) => this.deps.roster.handleOf(personId, 'matrix') ?? (/^@[^:\s]+:\S+$/.test(personId) ? personId : undefined);

  /**
   * Resolves once the first sync is processed, so "ready" means commands are heard. If the homeserver does
   * not answer, it resolves after the first failed try and goes on connecting in the background, forever,
   * so the other networks are not held up. A refused access token is fatal: it will not fix itself.
   */
  async start(onMessage: (message: InboundMessage) => Promise<void>, onVote?: VoteSink): Promise<void> {
    const { client, log } = this.deps;
    client.on('room.event', (roomId: string, event: RoomEvent) => {
      this.noteRoomEvent(roomId, event);
      const vote = onVote && event.sender !== this.botUserId ? voteOf(event) : null;
      if (vote && onVote) this.enqueue(() => this.onPollVote(roomId, vote, onVote));
    });
    client.on('room.invite', (roomId: string, event: RoomEvent) => this.enqueue(() => this.onInvite(roomId, event)));
    client.on('room.message', (roomId: string, event: RoomEvent) => this.enqueue(() => this.onRoomMessage(roomId, event, onMessage)));
    client.on('room.leave', (roomId: string, event: RoomEvent) =>
      log.warn({ roomId, room: this.deps.rooms.nameOf(roomId) ?? null, by: event.sender ?? null }, 'the bot is no longer in a matrix room (a lead can invite it back)'),
    );
    let firstFailure!: () => void;
    const failedOnce = new Promise<void>((resolve) => (firstFailure = resolve));
    client.once(SYNC_FAILED, () => firstFailure());
    const connecting = this.connect(firstFailure);
    await Promise.race([connecting, failedOnce]);
    connecting.catch((error: unknown) => log.error({ err: errorSummary(error) }, 'matrix gave up connecting'));
  }

  private async connect(onFailure: () => void): Promise<void> {
    const { client, rooms, log, clock } = this.deps;
    for (let failures = 0; !this.stopped; ) {
      try {
        this.botUserId = await client.getUserId();
        await rooms.joinAll();
        await client.start(SYNC_FILTER);
        break;
      } catch (error) {
        if (isAuthError(error)) throw new Error(`the homeserver refused the access token (${errorSummary(error)}): check chat.matrix.accessToken`);
        failures += 1;
        const waitMs = Math.min(15_000, 1_000 * 2 ** (failures - 1));
        log.warn({ err: errorSummary(error), retryInMs: waitMs }, 'cannot reach the matrix homeserver; retrying');
        onFailure();
        await sleep(clock, waitMs);
      }
    }
    await client.whenFirstSynced();
    if (!this.stopped) log.info({ userId: this.botUserId }, 'matrix connected');
  }

  async reply(to: InboundMessage, reply: Reply): Promise<void> {
    const { rooms, sender, log, clock } = this.deps;
    this.replyStarted.get(to)?.();
    const origin = this.origins.get(to);
    const roomId = origin?.roomId ?? (await rooms.idOf(to.room));
    if (await rooms.isEncrypted(roomId)) {
      log.error({ roomId }, 'not replying in an encrypted matrix room: the bot never posts plaintext there');
      return;
    }
    const envelope = { msgtype: 'm.notice', ...(origin ? { 'm.relates_to': { 'm.in_reply_to': { event_id: origin.eventId } } } : {}) };
    const content: Record<string, unknown> = { ...envelope, ...renderFittingReply(reply, this.matrixIdOf, envelope) };
    // One txn id for all tries: a resend after a timeout or rate limit is the same event to the homeserver.
    const txnId = newTxnId();
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await sender.send(roomId, content, txnId);
      if (outcome.kind === 'sent') return;
      if (outcome.kind === 'refused' || attempt === REPLY_TRIES) {
        log.error({ roomId, outcome }, 'matrix reply could not be sent');
        return;
      }
      await sleep(clock, outcome.kind === 'limited' ? outcome.afterMs : 1_000 * 2 ** (attempt - 1));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.client.stop();
    this.deps.client.removeAllListeners();
    await this.queue;
    await Promise.all([...this.inFlight]);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.deps.log.error({ err: errorSummary(error) }, 'matrix event handling failed'));
  }

  private async onInvite(roomId: string, event: RoomEvent): Promise<void> {
    const { roster, client, rooms, log } = this.deps;
    const inviter = event.sender ?? '';
    if (!roster.identify('matrix', inviter, inviter).isLead) {
      log.warn({ roomId, inviter }, 'matrix invite rejected: only release leads may invite the bot');
      await client.leaveRoom(roomId);
      return;
    }
    await client.joinRoom(roomId);
    await rooms.resolveUnknown();
    const name = rooms.nameOf(roomId);
    log.info({ roomId, inviter, configured: name ?? null }, 'matrix invite from a lead accepted');
  }

  private async onRoomMessage(roomId: string, event: RoomEvent, onMessage: (message: InboundMessage) => Promise<void>): Promise<void> {
    const { rooms, clock } = this.deps;
    const room = rooms.commandRoomName(roomId);
    if (room === undefined) return;
    const text = commandTextOf(event, this.botUserId);
    if (text === null || event.sender === undefined) return;
    const message: InboundMessage = {
      network: 'matrix',
      room,
      handle: event.sender,
      displayName: await this.displayNameOf(roomId, event.sender),
      text,
      sentAt: event.origin_server_ts ?? clock.now(),
    };
    if (event.event_id) this.origins.set(message, { roomId, eventId: event.event_id });
    // The command itself is handled in order (the queue waits for the dispatcher), but not its reply's
    // round trip to the homeserver: the queue moves on once reply() is called, with a bounded number of
    // replies in flight. A person's replies may land out of order; each names the message it answers.
    let started!: () => void;
    const replying = new Promise<void>((resolve) => (started = resolve));
    this.replyStarted.set(message, started);
    const handled = onMessage(message).finally(() => this.inFlight.delete(handled));
    this.inFlight.add(handled);
    await Promise.race([handled, replying]);
    while (this.inFlight.size >= REPLIES_IN_FLIGHT) await Promise.race(this.inFlight).catch(() => undefined);
    handled.catch((error: unknown) => this.deps.log.error({ err: errorSummary(error) }, 'matrix event handling failed'));
  }

  /** A vote is counted by the sink; a voter whose vote does not count hears why, in reply to the vote. */
  private async onPollVote(roomId: string, vote: PollVote, onVote: VoteSink): Promise<void> {
    const explanation = await onVote({ ...vote, roomId });
    if (explanation === null) return;
    const name = await this.displayNameOf(roomId, vote.sender);
    const message: InboundMessage = { network: 'matrix', room: this.deps.rooms.nameOf(roomId) ?? roomId, handle: vote.sender, displayName: name, text: '', sentAt: vote.sentAt };
    if (vote.eventId) this.origins.set(message, { roomId, eventId: vote.eventId });
    await this.reply(message, reply('info', line({ mention: vote.sender, name }, `: ${explanation}`)));
  }

  private noteRoomEvent(roomId: string, event: RoomEvent): void {
    if (event.type === 'm.room.encryption' && event.state_key === '') this.deps.rooms.markEncrypted(roomId);
    if (event.type === 'm.room.member' && event.state_key) {
      const name = event.content?.['displayname'];
      if (typeof name === 'string' && name.trim()) this.displayNames.set(`${roomId}\n${event.state_key}`, name);
    }
  }

  private async displayNameOf(roomId: string, userId: string): Promise<string> {
    const key = `${roomId}\n${userId}`;
    const known = this.displayNames.get(key);
    if (known) return known;
    try {
      const member = (await this.deps.client.getRoomStateEvent(roomId, 'm.room.member', userId)) as { displayname?: unknown };
      if (typeof member.displayname === 'string' && member.displayname.trim()) {
        this.displayNames.set(key, member.displayname);
        return member.displayname;
      }
    } catch {
      // No member event or no answer: the user id is a fine name.
    }
    return userId;
  }
}
