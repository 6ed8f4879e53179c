/**
 * Real IRC users for e2e tests: irc-framework clients against the e2e InspIRCd, optionally logged in to an
 * Atheme account with SASL PLAIN. Every line they see is kept, with its IRCv3 `account` tag.
 *
 * irc-framework has no types; it is loaded through require and typed here with only what the tests use
 * (the bot's own declaration lives with the IRC adapter, and two ambient declarations would clash).
 */
import { createRequire } from 'node:module';
import { eventually } from './eventually.js';
import type { IrcInfo } from './servers.js';

interface IrcEvent {
  readonly nick: string;
  readonly target: string;
  readonly message: string;
  readonly type: string;
  readonly account?: string | boolean;
  readonly tags: Record<string, string>;
  readonly channel?: string;
}

interface RawClient {
  connect(options: Record<string, unknown>): void;
  on(event: string, listener: (event: IrcEvent & Record<string, unknown>) => void): void;
  once(event: string, listener: (event: IrcEvent & Record<string, unknown>) => void): void;
  join(channel: string): void;
  say(target: string, text: string): void;
  raw(...args: string[]): void;
  quit(message?: string): void;
  readonly user: { nick: string };
  readonly network: { cap: { enabled: string[] } };
  connected: boolean;
}

const { Client } = createRequire(import.meta.url)('irc-framework') as { Client: new () => RawClient };

export interface IrcLine {
  readonly type: string;
  readonly from: string;
  readonly target: string;
  readonly text: string;
  /** The sender's services account from the account tag, or undefined when the tag is absent. */
  readonly account: string | undefined;
}

export class IrcUser {
  readonly lines: IrcLine[] = [];
  readonly joined = new Set<string>();
  /** Everyone seen joining a channel this user is in, as `nick channel` (lower case). */
  readonly joins = new Set<string>();
  account: string | undefined;

  private constructor(private readonly client: RawClient) {
    client.on('message', (e) => {
      this.lines.push({ type: e.type, from: e.nick, target: e.target, text: e.message, account: e.tags['account'] });
    });
    client.on('join', (e) => {
      if (e.nick === client.user.nick) this.joined.add(e.channel!.toLowerCase());
      this.joins.add(`${e.nick} ${e.channel!}`.toLowerCase());
    });
    client.on('loggedin', (e) => (this.account = e.account as string));
  }

  /** Connect as `nick`; with `sasl`, log in to that services account during registration (fails if refused). */
  static async connect(irc: IrcInfo, nick: string, sasl?: { account: string; password: string }): Promise<IrcUser> {
    const client = new Client();
    const user = new IrcUser(client);
    // The last lines of the conversation, so that a connection dropped before registration says why.
    const transcript: string[] = [];
    let done = false;
    client.on('raw', (e) => {
      if (done) return;
      transcript.push(`${e['from_server'] ? '<' : '>'} ${String(e['line']).replace(/^AUTHENTICATE \S{2,}/, 'AUTHENTICATE (credentials)')}`);
      if (transcript.length > 12) transcript.shift();
    });
    const registered = new Promise<void>((resolve, reject) => {
      client.once('registered', () => resolve());
      // irc-framework leaves a taken nick to the caller; registration would otherwise stall until the server's timeout.
      client.once('nick in use', () => {
        if (done) return;
        reject(new Error(`${nick}: nick already in use on ${irc.host}:${irc.port}`));
        client.quit();
      });
      client.once('sasl failed', (e) => reject(new Error(`SASL login as ${sasl?.account} failed: ${String(e['reason'])}`)));
      client.once('close', () => reject(new Error(`${nick}: connection closed before registration; last lines:\n${transcript.join('\n')}`)));
    });
    client.connect({
      host: irc.host,
      port: irc.port,
      tls: false,
      nick,
      username: nick.toLowerCase().slice(0, 10),
      gecos: `e2e ${nick}`,
      auto_reconnect: false,
      ...(sasl ? { account: { account: sasl.account, password: sasl.password }, sasl_disconnect_on_fail: true } : {}),
    });
    await registered.finally(() => (done = true));
    return user;
  }

  get nick(): string {
    return this.client.user.nick;
  }

  capEnabled(cap: string): boolean {
    return this.client.network.cap.enabled.includes(cap);
  }

  /** Register the current nick as a services account with NickServ (this also logs the connection in). */
  async registerAccount(password: string): Promise<void> {
    const from = this.lines.length;
    this.client.say('NickServ', `REGISTER ${password} ${this.nick.toLowerCase()}@e2e.invalid`);
    await this.waitFor((l) => l.from === 'NickServ' && /registered/i.test(l.text), { from, what: `NickServ to register ${this.nick}` });
  }

  async join(channel: string): Promise<void> {
    this.client.join(channel);
    await eventually(() => (this.joined.has(channel.toLowerCase()) ? true : undefined), { what: `${this.nick} to join ${channel}` });
  }

  /** Resolves once a NAMES reply lists `nick` in `channel` (asks again until it does). */
  async seesInChannel(nick: string, channel: string, timeoutMs = 30_000): Promise<void> {
    let members: string[] = [];
    const listener = (e: Record<string, unknown>): void => {
      if (String(e['channel']).toLowerCase() === channel.toLowerCase()) members = (e['users'] as { nick: string }[]).map((u) => u.nick.toLowerCase());
    };
    this.client.on('userlist', listener);
    await eventually(
      () => {
        if (members.includes(nick.toLowerCase())) return true;
        this.client.raw('NAMES', channel);
        return undefined;
      },
      { what: `${nick} in ${channel}`, timeoutMs, intervalMs: 300 },
    );
  }

  /** Resolves once `nick` has been seen joining `channel`. */
  async seesJoin(nick: string, channel: string): Promise<void> {
    await eventually(() => (this.joins.has(`${nick} ${channel}`.toLowerCase()) ? true : undefined), { what: `${nick} to join ${channel}` });
  }

  say(target: string, text: string): void {
    this.client.say(target, text);
  }

  /** Kick `nick` from `channel` (needs channel operator status: the first to join a new channel has it). */
  kick(channel: string, nick: string, reason: string): void {
    this.client.raw('KICK', channel, nick, reason);
  }

  /** Forget having seen `nick` join `channel`, to wait for a new join. */
  forgetJoin(nick: string, channel: string): void {
    this.joins.delete(`${nick} ${channel}`.toLowerCase());
  }

  /** The first line (from index `from` on) matching `test`. */
  waitFor(test: (line: IrcLine) => boolean, options: { from?: number; what?: string; timeoutMs?: number } = {}): Promise<IrcLine> {
    return eventually(() => this.lines.slice(options.from ?? 0).find(test), {
      what: options.what ?? `an IRC line for ${this.nick}`,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  /** Lines received in `channel` from `nick`. */
  linesFrom(nick: string, channel: string): IrcLine[] {
    return this.lines.filter((l) => l.from.toLowerCase() === nick.toLowerCase() && l.target.toLowerCase() === channel.toLowerCase());
  }

  /** False once the server has closed the connection (or the user quit). */
  get connected(): boolean {
    return this.client.connected;
  }

  async quit(): Promise<void> {
    if (!this.client.connected) return;
    const closed = new Promise<void>((resolve) => this.client.once('close', () => resolve()));
    this.client.quit('bye');
    await closed;
  }
}

/** A fresh services account: connects as `name`, registers it with NickServ, disconnects. */
export async function registerIrcAccount(irc: IrcInfo, name: string, password: string): Promise<void> {
  const user = await IrcUser.connect(irc, name);
  try {
    await user.registerAccount(password);
  } finally {
    await user.quit();
  }
}
