import type { Client } from 'irc-framework';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ground/clock.js';

/** After being kicked, wait this long before rejoining (an immediate rejoin reads as a fight with the op). */
export const REJOIN_AFTER_KICK_MS = 5_000;
/** A channel that refused the join (banned, invite-only, full) is tried again this often. */
const REJOIN_AFTER_REFUSAL_MS = 60_000;

const JOIN_REFUSALS = new Set(['banned_from_channel', 'invite_only_channel', 'channel_is_full', 'bad_channel_key', 'too_many_channels']);

export interface ChannelKeeperDeps {
  readonly client: Client;
  /** Every configured channel, as configured. */
  readonly channels: readonly string[];
  /** Whether the connection is registered now (a rejoin that comes due while it is down does nothing). */
  readonly registered: () => boolean;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Keeps the bot in its configured channels: joins them all on each registration, rejoins a channel shortly
 * after a kick (or a forced part), and keeps trying a channel that refuses the join. Channel names are
 * compared the server's way (CASEMAPPING), and always reported as configured.
 */
export class ChannelKeeper {
  private readonly configured: ReadonlyMap<string, string>;
  private readonly joined = new Set<string>();
  private readonly rejoins = new Map<string, () => void>();
  private readonly joinedListeners: Array<() => void> = [];

  constructor(private readonly deps: ChannelKeeperDeps) {
    this.configured = new Map(deps.channels.map((c) => [this.fold(c), c]));
    this.listen();
  }

  /** The configured spelling of `channel`, or undefined when it is not one of ours. */
  configuredName(channel: string): string | undefined {
    return this.configured.get(this.fold(channel));
  }

  has(channel: string): boolean {
    return this.joined.has(this.fold(channel));
  }

  allJoined(): boolean {
    return [...this.configured.keys()].every((c) => this.joined.has(c));
  }

  /** Called each time the bot has joined one of its channels. */
  onJoined(listener: () => void): void {
    this.joinedListeners.push(listener);
  }

  joinAll(): void {
    for (const channel of this.configured.values()) this.deps.client.join(channel);
  }

  /** The connection is gone: the bot is in no channel, and pending rejoins are moot (joinAll follows registration). */
  reset(): void {
    this.joined.clear();
    for (const cancel of this.rejoins.values()) cancel();
    this.rejoins.clear();
  }

  private fold(channel: string): string {
    return this.deps.client.caseLower(channel);
  }

  private isMe(nick: string): boolean {
    return this.fold(nick) === this.fold(this.deps.client.user.nick);
  }

  private listen(): void {
    const { client, log } = this.deps;
    client.on('join', (event) => {
      if (!this.isMe(event.nick)) return;
      const key = this.fold(event.channel);
      this.joined.add(key);
      this.rejoins.get(key)?.();
      this.rejoins.delete(key);
      log.info({ channel: event.channel }, 'joined IRC channel');
      for (const listener of [...this.joinedListeners]) listener();
    });
    client.on('part', (event) => {
      if (this.isMe(event.nick)) this.lost(event.channel, REJOIN_AFTER_KICK_MS);
    });
    client.on('kick', (event) => {
      if (!this.isMe(event.kicked)) return;
      log.warn({ channel: event.channel, by: event.nick, reason: event.message }, 'kicked from IRC channel; rejoining shortly');
      this.lost(event.channel, REJOIN_AFTER_KICK_MS);
    });
    client.on('irc error', (event) => {
      if (event.channel !== undefined && JOIN_REFUSALS.has(event.error) && this.configuredName(event.channel) !== undefined) {
        log.warn({ channel: event.channel, error: event.error, reason: event.reason }, 'cannot join IRC channel; will try again');
        this.rejoinLater(event.channel, REJOIN_AFTER_REFUSAL_MS);
      } else {
        log.warn({ error: event.error, reason: event.reason }, 'IRC server reported an error');
      }
    });
  }

  private lost(channel: string, rejoinAfterMs: number): void {
    this.joined.delete(this.fold(channel));
    this.rejoinLater(channel, rejoinAfterMs);
  }

  private rejoinLater(channel: string, afterMs: number): void {
    const name = this.configuredName(channel);
    if (name === undefined) return;
    const key = this.fold(name);
    const { clock, client, registered } = this.deps;
    this.rejoins.get(key)?.();
    this.rejoins.set(
      key,
      clock.schedule(clock.now() + afterMs, () => {
        this.rejoins.delete(key);
        if (registered() && !this.joined.has(key)) client.join(name);
      }),
    );
  }
}
