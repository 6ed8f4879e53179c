import irc, { type Client } from 'irc-framework';
import type { IrcConfig } from '../../config/chat-config.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ground/clock.js';
import { AccountMap, followAccounts } from './account-map.js';
import { ChannelKeeper } from './channel-keeper.js';
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

/** start() waits at most this long for the first connection before letting the app carry on without it. */
const START_WAIT_MS = 30_000;
/** A connection that stayed up this long was a good one: the next drop starts the backoff from the minimum. */
export const STABLE_CONNECTION_MS = 30_000;
/** Registered without the bot's account because services were away: reconnect to log in after this long. */
export const SASL_RETRY_MS = 5 * 60_000;
/** stop() waits this long for the server to close after QUIT before dropping the socket. */
const QUIT_WAIT_MS = 3_000;

/**
 * The bot's one connection to the IRC server, kept up for as long as the bot runs. irc-framework speaks the
 * protocol (CAP negotiation, SASL PLAIN, account-tag, extended-join, account-notify, PING); its own
 * reconnect is off because it gives up after a few tries: this class reconnects forever, with capped
 * exponential backoff on the injected clock. The ChannelKeeper keeps it in its channels.
 */
export class IrcConnection {
  readonly accounts: AccountMap;
  private readonly client: Client;
  private readonly channels: ChannelKeeper;
  private readonly commandChannels: ReadonlySet<string>;
  private registered = false;
  private registeredAt: number | null = null;
  private accountTag = false;
  /** From connect() until the socket has closed. */
  private live = false;
  private attempt = 0;
  private nickSuffix = 0;
  private stopping = false;
  private cancelReconnect: (() => void) | null = null;
  private cancelRelogin: (() => void) | null = null;
  /** Logged in to the bot's services account on this connection (RPL_LOGGEDIN). */
  private loggedIn = false;
  private saslFailure: string | null = null;
  private onMessage: (message: ChannelMessage) => void = () => undefined;
  private readonly readyListeners: Array<() => void> = [];
  private readonly downListeners: Array<() => void> = [];
  private readonly closeWaiters: Array<() => void> = [];

  constructor(private readonly deps: IrcConnectionDeps) {
    const { clock, log } = deps;
    const { release, announce, testers } = deps.config.channels;
    this.client = new irc.Client();
    this.accounts = new AccountMap((nick) => this.client.caseLower(nick));
    this.channels = new ChannelKeeper({ client: this.client, channels: [...release, ...announce, ...testers], registered: () => this.registered, clock, log });
    // Compared with configuredName()'s result, which is already the configured spelling.
    this.commandChannels = new Set([...release, ...testers]);
    followAccounts(this.client, this.accounts, (nick) => this.isMe(nick));
    this.listen();
  }

  /** Registered with the server: lines may be written. */
  get registeredNow(): boolean {
    return this.registered;
  }

  /** Registered and in every configured channel. */
  connected(): boolean {
    return this.registered && this.channels.allJoined();
  }

  /** Whether `channel` is one of the configured channels. */
  isConfigured(channel: string): boolean {
    return this.channels.configuredName(channel) !== undefined;
  }

  hasJoined(channel: string): boolean {
    return this.registered && this.channels.has(channel);
  }

  get nick(): string {
    return this.client.user.nick || this.deps.config.nick;
  }

  /** Called each time the connection is registered, and each time it has joined a channel. */
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
      let settled = false;
      const done = (outcome: string): void => {
        if (settled) return;
        settled = true;
        cancelWait();
        remove(this.readyListeners, onReady);
        remove(this.downListeners, onDown);
        if (outcome !== 'joined' && !this.stopping) {
          this.deps.log.warn({ host: this.deps.config.host, outcome }, 'IRC not connected yet; the bot keeps trying in the background');
        }
        resolve();
      };
      const onReady = (): void => {
        if (this.connected()) done('joined');
      };
      const onDown = (): void => done('connection failed');
      const cancelWait = this.deps.clock.schedule(this.deps.clock.now() + START_WAIT_MS, () => done('still connecting'));
      this.readyListeners.push(onReady);
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
    this.cancelRelogin?.();
    this.channels.reset();
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

  private scheduleReconnect(message: string, fields: Record<string, unknown>): void {
    const waitMs = reconnectDelayMs(this.attempt, this.deps.config.reconnect);
    this.attempt += 1;
    this.deps.log.warn({ ...fields, waitMs, attempt: this.attempt }, message);
    this.cancelReconnect = this.deps.clock.schedule(this.deps.clock.now() + waitMs, () => this.connectNow());
  }

  /**
   * A server offers SASL only while its services are linked: after a restart the bot may get in before
   * them and stay unidentified. SASL happens only while registering, so after a while it reconnects.
   * (A wrong password is not retried: it would fail the same way.)
   */
  private scheduleRelogin(): void {
    const { clock, log } = this.deps;
    this.cancelRelogin = clock.schedule(clock.now() + SASL_RETRY_MS, () => {
      this.cancelRelogin = null;
      if (!this.registered || this.loggedIn || this.stopping) return;
      log.warn({ reason: this.saslFailure }, 'not logged in to services; reconnecting to log in');
      this.client.quit('Reconnecting to log in to services');
    });
  }

  private isMe(nick: string): boolean {
    return this.client.caseLower(nick) === this.client.caseLower(this.client.user.nick);
  }

  private notify(listeners: ReadonlyArray<() => void>): void {
    for (const listener of [...listeners]) listener();
  }

  private listen(): void {
    const { client, deps } = this;
    const { log } = deps;

    client.on('registered', () => {
      this.registered = true;
      this.registeredAt = deps.clock.now();
      this.accountTag = client.network.cap.isEnabled('account-tag');
      const caps = client.network.cap.enabled;
      if (!this.accountTag) {
        log.warn({ caps }, 'the IRC server did not enable account-tag: nobody can be identified, everyone is treated as "anyone"');
      } else if (!caps.includes('extended-join') || !caps.includes('account-notify')) {
        log.info({ caps }, 'no extended-join/account-notify: leads are mentioned by account name when their nick is unknown');
      }
      log.info({ nick: client.user.nick, caps, account: this.loggedIn ? deps.config.sasl?.account : null }, 'registered on IRC');
      if (deps.config.sasl && !this.loggedIn && this.saslFailure !== 'fail') this.scheduleRelogin();
      this.channels.joinAll();
      this.notify(this.readyListeners);
    });
    this.channels.onJoined(() => this.notify(this.readyListeners));

    client.on('nick in use', (event) => {
      if (this.registered) return;
      // Our nick is taken (a ghost of our last connection, or someone else): register under a variant.
      this.nickSuffix += 1;
      const nick = `${deps.config.nick}${'_'.repeat(this.nickSuffix)}`;
      log.warn({ taken: event.nick, nick }, 'IRC nick in use; trying another');
      client.changeNick(nick);
    });

    client.on('sasl failed', (event) => {
      this.saslFailure = event.reason;
      log.error({ reason: event.reason, account: deps.config.sasl?.account }, 'SASL login failed: the bot is not logged in to its services account');
    });
    // RPL_LOGGEDIN only ever concerns the client that receives it (its nick may still be `*` mid-registration).
    client.on('loggedin', () => (this.loggedIn = true));

    client.on('privmsg', (event) => {
      if (event.from_server || !event.nick || this.isMe(event.nick)) return;
      const channel = this.channels.configuredName(event.target);
      if (channel === undefined || !this.commandChannels.has(channel)) return;
      // Only the tag on this very message says who sent it; a nick alone proves nothing.
      const account = this.accountTag && event.account ? event.account : null;
      if (account !== null) this.accounts.set(event.nick, account);
      this.onMessage({ channel, nick: event.nick, account, text: event.message, sentAt: event.time ?? deps.clock.now() });
    });

    // 'socket close' carries the socket's error (refused, TLS certificate, reset); 'close' follows it.
    let socketError: string | null = null;
    client.on('socket close', (error) => {
      socketError = error ? error.message : null;
    });

    client.on('close', () => {
      const wasRegistered = this.registered;
      // Not reset on registration alone: a server that lets us in and throws us out at once (a ban, a
      // full server) would otherwise be hammered every minSeconds.
      if (this.registeredAt !== null && deps.clock.now() - this.registeredAt >= STABLE_CONNECTION_MS) this.attempt = 0;
      this.registeredAt = null;
      this.loggedIn = false;
      this.saslFailure = null;
      this.cancelRelogin?.();
      this.cancelRelogin = null;
      this.live = false;
      this.registered = false;
      this.channels.reset();
      this.notify(this.downListeners);
      for (const resolve of this.closeWaiters.splice(0)) resolve();
      if (this.stopping) return;
      // Never registered: nothing was "lost", so one line says the attempt failed and when the next one is.
      if (!wasRegistered) return this.scheduleReconnect('could not connect to IRC; retrying', { host: deps.config.host, port: deps.config.port, error: socketError });
      if (socketError !== null) log.warn({ error: socketError }, 'IRC connection closed by an error');
      this.scheduleReconnect('IRC connection lost; reconnecting', {});
    });
  }
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index !== -1) list.splice(index, 1);
}
