/**
 * A tiny IRC server on loopback for the IRC unit tests: just enough of the protocol for irc-framework to
 * register (CAP negotiation, SASL PLAIN, JOIN with extended-join, PING), plus handles for the test to speak
 * as other users, kick the bot, or drop the connection. Everything the bot writes is recorded.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeIrcdOptions {
  /** Capabilities offered in CAP LS (default: account-tag, extended-join, account-notify, server-time, sasl). */
  readonly caps?: readonly string[];
  /** SASL accounts and their passwords. */
  readonly accounts?: Readonly<Record<string, string>>;
  /** Nicks already taken on the server. */
  readonly takenNicks?: readonly string[];
  /** Listen on this port (a restarted server on its old port); default any free port. */
  readonly port?: number;
  /** People already in a channel when the bot joins, told to it by WHOX (which the server then offers). */
  readonly members?: Readonly<Record<string, readonly Sender[]>>;
}

export interface Sender {
  readonly nick: string;
  /** Sent as the account tag when the bot enabled account-tag. */
  readonly account?: string;
}

interface Client {
  readonly socket: Socket;
  nick: string;
  caps: Set<string>;
  account: string | null;
  registered: boolean;
}

const DEFAULT_CAPS = ['account-tag', 'extended-join', 'account-notify', 'server-time', 'message-tags', 'sasl=PLAIN'];

export class FakeIrcd {
  /** Every line any client wrote, in order. */
  readonly received: string[] = [];
  private readonly server: Server;
  private readonly clients = new Set<Client>();
  private readonly waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  connections = 0;
  /** What CAP LS offers from now on (a server whose services have linked offers sasl again). */
  caps: readonly string[];
  private syncs = 0;

  private constructor(private readonly options: FakeIrcdOptions) {
    this.caps = options.caps ?? DEFAULT_CAPS;
    this.server = createServer((socket) => this.accept(socket));
  }

  static async start(options: FakeIrcdOptions = {}): Promise<FakeIrcd> {
    const ircd = new FakeIrcd(options);
    await new Promise<void>((resolve) => ircd.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return ircd;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  /** The one registered client (the bot). */
  get bot(): Client {
    const bot = [...this.clients].find((c) => c.registered);
    if (!bot) throw new Error('no registered client');
    return bot;
  }

  /** PRIVMSG lines the bot sent, as `target text`. */
  privmsgs(): string[] {
    return this.received.filter((l) => l.startsWith('PRIVMSG ')).map((l) => l.replace(/^PRIVMSG (\S+) :/, '$1 '));
  }

  /** Resolves once `test` holds (checked after every line received and every connection change). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** `from` says `text` in `channel`; the account tag goes along if the bot asked for account-tag. */
  say(from: Sender, channel: string, text: string, options: { time?: string } = {}): void {
    const bot = this.bot;
    const tags: string[] = [];
    if (from.account !== undefined && bot.caps.has('account-tag')) tags.push(`account=${from.account}`);
    if (options.time !== undefined && bot.caps.has('server-time')) tags.push(`time=${options.time}`);
    this.send(bot, `${tags.length ? `@${tags.join(';')} ` : ''}:${from.nick}!u@host.example PRIVMSG ${channel} :${text}`);
  }

  /** `who` joins `channel` (with their account when the bot enabled extended-join). */
  join(who: Sender, channel: string): void {
    const bot = this.bot;
    const extended = bot.caps.has('extended-join') ? ` ${who.account ?? '*'} :Real Name` : '';
    this.send(bot, `:${who.nick}!u@host.example JOIN ${channel}${extended}`);
  }

  account(nick: string, account: string | null): void {
    this.send(this.bot, `:${nick}!u@host.example ACCOUNT ${account ?? '*'}`);
  }

  nick(from: string, to: string): void {
    this.send(this.bot, `:${from}!u@host.example NICK ${to}`);
  }

  /** Resolves once the bot has handled every line sent to it so far (it answers a PING sent after them). */
  async sync(): Promise<void> {
    const token = `sync-${++this.syncs}`;
    this.send(this.bot, `PING :${token}`);
    await this.until(() => this.received.some((l) => l.startsWith('PONG') && l.endsWith(token)));
  }

  /** Any line, exactly as given, to the bot. */
  raw(line: string): void {
    this.send(this.bot, line);
  }

  kickBot(channel: string): void {
    const bot = this.bot;
    this.send(bot, `:op!u@host.example KICK ${channel} ${bot.nick} :behave`);
  }

  /** Cut every connection, as a server restart or a network drop would. */
  dropAll(): void {
    for (const client of this.clients) client.socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections += 1;
    const client: Client = { socket, nick: '*', caps: new Set(), account: null, registered: false };
    this.clients.add(client);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.received.push(line);
        this.handle(client, line);
        this.check();
      }
    });
    socket.on('close', () => {
      this.clients.delete(client);
      this.check();
    });
    socket.on('error', () => undefined);
  }

  private handle(client: Client, line: string): void {
    const [command = '', ...params] = line.split(' ');
    const trailing = line.includes(' :') ? line.slice(line.indexOf(' :') + 2) : (params[params.length - 1] ?? '');
    const offered = this.caps;
    switch (command.toUpperCase()) {
      case 'CAP':
        if (params[0] === 'LS') this.send(client, `:irc.test CAP * LS :${offered.join(' ')}`);
        else if (params[0] === 'REQ') {
          const wanted = trailing.split(' ').filter(Boolean);
          const names = offered.map((c) => c.split('=')[0]);
          if (wanted.every((c) => names.includes(c))) {
            for (const c of wanted) client.caps.add(c);
            this.send(client, `:irc.test CAP * ACK :${wanted.join(' ')}`);
          } else this.send(client, `:irc.test CAP * NAK :${wanted.join(' ')}`);
        } else if (params[0] === 'END') this.maybeWelcome(client);
        return;
      case 'AUTHENTICATE': {
        if (params[0] === 'PLAIN') return this.send(client, 'AUTHENTICATE +');
        const [, account = '', password = ''] = Buffer.from(params[0] ?? '', 'base64').toString('utf8').split('\0');
        if (this.options.accounts?.[account] === password) {
          client.account = account;
          this.send(client, `:irc.test 900 ${client.nick} ${client.nick}!u@host ${account} :You are now logged in as ${account}`);
          this.send(client, `:irc.test 903 ${client.nick} :SASL authentication successful`);
        } else this.send(client, `:irc.test 904 ${client.nick} :SASL authentication failed`);
        return;
      }
      case 'NICK': {
        const nick = params[0] ?? '';
        if (this.options.takenNicks?.includes(nick)) return this.send(client, `:irc.test 433 ${client.nick} ${nick} :Nickname is already in use`);
        client.nick = nick;
        return;
      }
      case 'USER':
        return;
      case 'PING':
        return this.send(client, `:irc.test PONG irc.test :${trailing}`);
      case 'JOIN': {
        const channel = params[0] ?? '';
        const extended = client.caps.has('extended-join') ? ` ${client.account ?? '*'} :Stagehand` : '';
        this.send(client, `:${client.nick}!u@host.example JOIN ${channel}${extended}`);
        this.send(client, `:irc.test 353 ${client.nick} = ${channel} :${client.nick}`);
        this.send(client, `:irc.test 366 ${client.nick} ${channel} :End of /NAMES list.`);
        return;
      }
      case 'WHO': {
        // WHOX: `WHO #chan %tcuhsnfdaor,<token>`, answered field by field in that order.
        const [channel = '', fields = ''] = params;
        const token = fields.split(',')[1] ?? '0';
        for (const m of this.options.members?.[channel] ?? []) {
          this.send(client, `:irc.test 354 ${client.nick} ${token} ${channel} u host.example irc.test ${m.nick} H 0 ${m.account ?? '0'} n/a :Real Name`);
        }
        return this.send(client, `:irc.test 315 ${client.nick} ${channel} :End of /WHO list.`);
      }
      case 'QUIT':
        client.socket.end();
        return;
    }
  }

  private maybeWelcome(client: Client): void {
    if (client.registered || client.nick === '*') return;
    client.registered = true;
    this.send(client, `:irc.test 001 ${client.nick} :Welcome to the test network ${client.nick}`);
    this.send(client, `:irc.test 005 ${client.nick} CASEMAPPING=rfc1459 CHANTYPES=# NICKLEN=30${this.options.members ? ' WHOX' : ''} :are supported by this server`);
    this.send(client, `:irc.test 422 ${client.nick} :MOTD File is missing`);
  }

  private send(client: Client, line: string): void {
    client.socket.write(`${line}\r\n`);
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
