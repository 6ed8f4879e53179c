// The small part of irc-framework 4.14 (plain JavaScript, no types of its own) that the IRC network uses.
// Shapes follow node_modules/irc-framework/src: client.js, connection.js, commands/handlers/*.js.
declare module 'irc-framework' {
  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    nick: string;
    username?: string;
    gecos?: string;
    version?: string | null;
    /** SASL credentials; with `account` set, irc-framework requests the `sasl` cap and logs in with PLAIN. */
    account?: { account: string; password: string } | Record<string, never>;
    auto_reconnect?: boolean;
    auto_reconnect_max_retries?: number;
    ping_interval?: number;
    ping_timeout?: number;
    sasl_disconnect_on_fail?: boolean;
  }

  export interface MessageEvent {
    from_server: boolean;
    nick: string;
    ident: string;
    hostname: string;
    target: string;
    message: string;
    tags: Record<string, string>;
    /** Parsed server-time tag (epoch ms), when the server sent one. */
    time?: number;
    /** The account-tag value, when the server sent one. */
    account?: string;
  }

  export interface JoinEvent {
    nick: string;
    channel: string;
    /** With extended-join: the account, or false when not logged in. Undefined without extended-join. */
    account?: string | false;
  }

  export interface AccountEvent {
    nick: string;
    /** false when the user logged out. */
    account: string | false;
  }

  export interface WhoUser {
    nick: string;
    /** WHOX only: the account, '' when not logged in. */
    account?: string;
  }

  export interface NetworkInfo {
    cap: { enabled: string[]; isEnabled(cap: string): boolean };
    supports(feature: string): unknown;
  }

  export interface Connection {
    connected: boolean;
    /** Writes one raw line (CRLF added); false when not connected. `callback` runs once it is flushed. */
    write(line: string, callback?: (error?: Error | null) => void): boolean | undefined;
    end(data?: string, hadError?: boolean): void;
    transport: { close(force?: boolean): void } | null;
  }

  export class Client {
    constructor(options?: Partial<ConnectOptions>);
    readonly connected: boolean;
    readonly connection: Connection;
    readonly network: NetworkInfo;
    readonly user: { nick: string };
    /** Internal: WHO requests waiting for their turn (irc-framework sends one at a time). */
    who_queue?: unknown[] & { is_running?: boolean };
    connect(options?: ConnectOptions): void;
    quit(message?: string): void;
    join(channel: string, key?: string): void;
    changeNick(nick: string): void;
    who(target: string, callback: (result: { target: string; users: WhoUser[] }) => void): void;
    caseLower(text: string): string;
    on(event: 'registered', listener: (event: { nick: string }) => void): this;
    on(event: 'privmsg', listener: (event: MessageEvent) => void): this;
    on(event: 'join', listener: (event: JoinEvent) => void): this;
    on(event: 'part', listener: (event: { nick: string; channel: string }) => void): this;
    on(event: 'kick', listener: (event: { kicked: string; nick: string; channel: string; message: string }) => void): this;
    on(event: 'quit', listener: (event: { nick: string }) => void): this;
    on(event: 'nick', listener: (event: { nick: string; new_nick: string }) => void): this;
    on(event: 'account', listener: (event: AccountEvent) => void): this;
    on(event: 'nick in use', listener: (event: { nick: string }) => void): this;
    on(event: 'loggedin', listener: (event: { nick: string; account: string }) => void): this;
    on(event: 'sasl failed', listener: (event: { reason: string; message?: string }) => void): this;
    on(event: 'irc error', listener: (event: { error: string; channel?: string; reason?: string }) => void): this;
    on(event: 'close', listener: (hadError: boolean) => void): this;
    on(event: 'socket close', listener: (error?: Error | false) => void): this;
    removeAllListeners(): this;
  }

  const irc: { Client: typeof Client };
  export default irc;
}
