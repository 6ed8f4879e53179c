import irc, { type Client } from 'irc-framework';
import type { IrcConfig } from '../../config/chat-config.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../schedule/clock.js';
import { AccountMap } from './account-map.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

/** A message said in one of the channels where commands are taken. */
export interface ChannelMessage {
  /** The channel as configured (not as the server spelled it). */
  readonly channel: string;
  readonly nick: string;
  /** The services account from this message's account-tag; null when absent or the server has no account-tag. */
  readonly account: string | null;
  readonly text: string;
  readonly sentAt: number;
}

export interface IrcConnectionDeps {
  readonly config: IrcConfig;
  /** The SASL password of `config.sasl.account`, already read from its secret. */
  readonly saslPassword: string | null;
  readonly clock: Clock;
  readonly log: Logger;
}

/** After being kicked, wait this long before rejoining (an immediate rejoin reads as a fight with the op). */
export const REJOIN_AFTER_KICK_MS = 5_000;
/** A channel that refused the join (banned, invite-only, full) is tried again this often. */
export const REJOIN_AFTER_REFUSAL_MS = 60_000;
/** start() waits at most this long for the first connection before letting the app carry on without it. */
export const START_WAIT_MS = 30_000;
/** stop() waits this long for the server to close after QUIT before dropping the socket. */
export const QUIT_WAIT_MS = 3_000;

const JOIN_REFUSALS = new Set(['banned_from_channel', 'invite_only_channel', 'channel_is_full', 'bad_channel_key', 'too_many_channels']);

/**
 * The bot's one connection to the IRC server, kept up for as long as the bot runs. irc-framework speaks the
 * protocol (CAP negotiation, SASL PLAIN, account-tag, extended-join, account-notify, PING); its own
 * reconnect is off because it gives up after a few tries: this class reconnects forever, with capped
 * exponential backoff on the injected clock, and rejoins the channels after a reconnect or a kick.
 */
export class IrcConnection {
  readonly accounts: AccountMap;
  private readonly client: Client;
  private readonly channels: ReadonlyMap<string, string>;
  private readonly commandChannels: ReadonlyMap<string, string>;
  private readonly joined = new Set<string>();
  private readonly rejoins = new Map<string, () => void>();
  private registered = false;
  private accountTag = false;
  /** From connect() until the socket has closed. */
  private live = false;
  private attempt = 0;
  private nickSuffix = 0;
  private stopping = false;
  private cancelReconnect: (() => void) | null = null;
  private onMessage: (message: ChannelMessage) => void = () => undefined;
  private readonly readyListeners: Array<() => void> = [];
  private readonly downListeners: Array<() => void> = [];
  private closeWaiters: Array<() => void> = [];

  constructor(private readonly deps: IrcConnectionDeps) {
    this.client = new irc.Client();
    const fold = (name: string): string => this.client.caseLower(name);
    this.accounts = new AccountMap(fold);
    const { release, announce, testers } = deps.config.channels;
    this.channels = new Map([...release, ...announce, ...testers].map((c) => [fold(c), c]));
    this.commandChannels = new Map([...release, ...testers].map((c) => [fold(c), c]));
    this.listen();
  }

  /** Registered with the server: lines may be written. */
  get registeredNow(): boolean {
    return this.registered;
  }

  /** Registered and in every configured channel. */
  connected(): boolean {
    return this.registered && [...this.channels.keys()].every((c) => this.joined.has(c));
  }

  hasJoined(channel: string): boolean {
    return this.registered && this.joined.has(this.client.caseLower(channel));
  }

  /** Whether the server tags messages with the sender's account (without it nobody can be identified). */
  get identifiesSenders(): boolean {
    return this.accountTag;
  }

  get nick(): string {
    return this.client.user.nick || this.deps.config.nick;
  }

  /** Called each time the connection is registered and may write again. */
  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** Called each time the connection is lost. */
  onDown(listener: () => void): void {
    this.downListeners.push(listener);
  }

  /**
   * Connect and keep connecting. Resolves once the bot is in its channels, or once the first attempt has
   * failed (the app does not wait for an IRC server that is down; reconnecting goes on in the background).
   */
  start(onMessage: (message: ChannelMessage) => void): Promise<void> {
    this.onMessage = onMessage;
    return new Promise<void>((resolve) => {
      const cancelWait = this.deps.clock.schedule(this.deps.clock.now() + START_WAIT_MS, () => done('still connecting'));
      const done = (outcome: string): void => {
        cancelWait();
        this.readyListeners.splice(this.readyListeners.indexOf(onJoined), 1);
        this.downListeners.splice(this.downListeners.indexOf(onDown), 1);
        if (outcome !== 'joined') this.deps.log.warn({ host: this.deps.config.host, outcome }, 'IRC not connected yet; the bot keeps trying in the background');
        resolve();
      };
      const onJoined = (): void => {
        if (this.connected()) done('joined');
      };
      const onDown = (): void => done('connection failed');
      this.readyListeners.push(onJoined);
      this.downListeners.push(onDown);
      this.connectNow();
    });
  }

  /** Write one raw line; resolves once the socket has taken it. */
  write(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.client.connected) return reject(new Error('not connected to the IRC server'));
      const accepted = this.client.connection.write(line, (error) => (error ? reject(error) : resolve()));
      if (accepted === false) reject(new Error('not connected to the IRC server'));
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelReconnect?.();
    for (const cancel of this.rejoins.values()) cancel();
    this.rejoins.clear();
    if (!this.live) return;
    const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    if (this.client.connected) this.client.quit('Stagehand is stopping');
    else this.client.connection.end();
    const cancelForce = this.deps.clock.schedule(this.deps.clock.now() + QUIT_WAIT_MS, () => this.client.connection.transport?.close(true));
    await closed;
    cancelForce();
  }

  private connectNow(): void {
    this.cancelReconnect = null;
    if (this.stopping) return;
    const { config, saslPassword } = this.deps;
    this.live = true;
    this.nickSuffix = 0;
    this.deps.log.info({ host: config.host, port: config.port, tls: config.tls, attempt: this.attempt }, 'connecting to IRC');
    this.client.connect({
      host: config.host,
      port: config.port,
      tls: config.tls,
      nick: config.nick,
      username: config.nick.slice(0, 10),
      gecos: 'Stagehand release bot',
      version: null,
      // An empty account object tells irc-framework not to use SASL at all.
      account: config.sasl && saslPassword !== null ? { account: config.sasl.account, password: saslPassword } : {},
      auto_reconnect: false,
    });
  }

  private scheduleReconnect(): void {
    const waitMs = reconnectDelayMs(this.attempt, this.deps.config.reconnect);
    this.attempt += 1;
    this.deps.log.warn({ waitMs, attempt: this.attempt }, 'IRC connection lost; reconnecting');
    this.cancelReconnect = this.deps.clock.schedule(this.deps.clock.now() + waitMs, () => this.connectNow());
  }

  private scheduleRejoin(channel: string, afterMs: number): void {
    const key = this.client.caseLower(channel);
    this.rejoins.get(key)?.();
    this.rejoins.set(
      key,
      this.deps.clock.schedule(this.deps.clock.now() + afterMs, () => {
        this.rejoins.delete(key);
        if (this.registered && !this.joined.has(key)) this.client.join(channel);
      }),
    );
  }

  private isMe(nick: string): boolean {
    return this.client.caseLower(nick) === this.client.caseLower(this.client.user.nick);
  }

  private listen(): void {
    const { client, deps } = this;
    const { log } = deps;

    client.on('registered', () => {
      this.registered = true;
      this.attempt = 0;
      this.accountTag = client.network.cap.isEnabled('account-tag');
      const caps = client.network.cap.enabled;
      if (!this.accountTag) {
        log.warn({ caps }, 'the IRC server did not enable account-tag: nobody can be identified, everyone is treated as "anyone"');
      } else if (!caps.includes('extended-join') || !caps.includes('account-notify')) {
        log.info({ caps }, 'no extended-join/account-notify: leads are mentioned by account name when their nick is unknown');
      }
      log.info({ nick: client.user.nick, caps }, 'registered on IRC');
      for (const channel of this.channels.values()) client.join(channel);
      for (const listener of [...this.readyListeners]) listener();
    });

    client.on('nick in use', (event) => {
      if (this.registered) return;
      // Our nick is taken (a ghost of our last connection, or someone else): register under a variant.
      this.nickSuffix += 1;
      const nick = `${deps.config.nick}${'_'.repeat(this.nickSuffix)}`;
      log.warn({ taken: event.nick, nick }, 'IRC nick in use; trying another');
      client.changeNick(nick);
    });

    client.on('sasl failed', (event) => {
      log.error({ reason: event.reason, account: deps.config.sasl?.account }, 'SASL login failed: the bot is not logged in to its services account');
    });

    client.on('join', (event) => {
      if (this.isMe(event.nick)) {
        const key = client.caseLower(event.channel);
        this.joined.add(key);
        this.rejoins.get(key)?.();
        this.rejoins.delete(key);
        log.info({ channel: event.channel }, 'joined IRC channel');
        // People already in the channel: WHOX tells their accounts (extended-join only covers later joins).
        if (client.network.supports('whox')) {
          client.who(event.channel, ({ users }) => {
            for (const user of users) if (user.account !== undefined) this.accounts.set(user.nick, user.account || null);
          });
        }
        for (const listener of [...this.readyListeners]) listener();
      } else if (event.account !== undefined) {
        this.accounts.set(event.nick, event.account || null);
      }
    });

    client.on('account', (event) => this.accounts.set(event.nick, event.account || null));
    client.on('nick', (event) => this.accounts.rename(event.nick, event.new_nick));
    client.on('quit', (event) => this.accounts.forget(event.nick));
    client.on('part', (event) => {
      if (this.isMe(event.nick)) this.lostChannel(event.channel, 'parted', REJOIN_AFTER_KICK_MS);
      else this.accounts.forget(event.nick);
    });
    client.on('kick', (event) => {
      if (this.isMe(event.kicked)) {
        log.warn({ channel: event.channel, by: event.nick, reason: event.message }, 'kicked from IRC channel; rejoining shortly');
        this.lostChannel(event.channel, 'kicked', REJOIN_AFTER_KICK_MS);
      } else {
        this.accounts.forget(event.kicked);
      }
    });

    client.on('irc error', (event) => {
      if (event.channel !== undefined && JOIN_REFUSALS.has(event.error) && this.channels.has(client.caseLower(event.channel))) {
        log.warn({ channel: event.channel, error: event.error, reason: event.reason }, 'cannot join IRC channel; will try again');
        this.scheduleRejoin(this.channels.get(client.caseLower(event.channel))!, REJOIN_AFTER_REFUSAL_MS);
      } else {
        log.warn({ error: event.error, reason: event.reason }, 'IRC server reported an error');
      }
    });

    client.on('privmsg', (event) => {
      if (event.from_server || !event.nick || this.isMe(event.nick)) return;
      const channel = this.commandChannels.get(client.caseLower(event.target));
      if (channel === undefined) return;
      // Only the tag on this very message says who sent it; a nick alone proves nothing.
      const account = this.accountTag && event.account ? event.account : null;
      if (account !== null) this.accounts.set(event.nick, account);
      this.onMessage({ channel, nick: event.nick, account, text: event.message, sentAt: event.time ?? deps.clock.now() });
    });

    client.on('close', () => {
      const wasRegistered = this.registered;
      this.live = false;
      this.registered = false;
      this.joined.clear();
      this.accounts.clear();
      for (const cancel of this.rejoins.values()) cancel();
      this.rejoins.clear();
      for (const listener of [...this.downListeners]) listener();
      for (const resolve of this.closeWaiters.splice(0)) resolve();
      if (this.stopping) return;
      if (!wasRegistered) log.warn({ host: deps.config.host, port: deps.config.port }, 'could not connect to IRC');
      this.scheduleReconnect();
    });
  }

  private lostChannel(channel: string, why: string, rejoinAfterMs: number): void {
    const key = this.client.caseLower(channel);
    this.joined.delete(key);
    const configured = this.channels.get(key);
    if (configured !== undefined) {
      this.deps.log.debug({ channel, why }, 'left IRC channel');
      this.scheduleRejoin(configured, rejoinAfterMs);
    }
  }
}
