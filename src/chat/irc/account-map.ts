import type { Client } from 'irc-framework';

/**
 * Who is logged in to which services account, by current nick, as the server tells us: extended-join
 * (JOIN carries the account), account-notify (ACCOUNT when someone logs in or out), WHOX replies for people
 * already in a channel when the bot joins, and the account-tag on their messages.
 *
 * It is used to MENTION people by the nick they are using now. It never decides who someone is: a command's
 * sender is identified by the account-tag on that very message only.
 */
export class AccountMap {
  /** By folded nick: the nick as the server spells it, and its account (null: known not logged in). */
  private readonly byNick = new Map<string, { readonly nick: string; readonly account: string | null }>();

  /** `fold` lower-cases a nick the way the server compares nicks (its CASEMAPPING). */
  constructor(private readonly fold: (nick: string) => string = (n) => n.toLowerCase()) {}

  set(nick: string, account: string | null): void {
    this.byNick.set(this.fold(nick), { nick, account });
  }

  rename(from: string, to: string): void {
    const entry = this.byNick.get(this.fold(from));
    if (!entry) return;
    this.byNick.delete(this.fold(from));
    this.byNick.set(this.fold(to), { nick: to, account: entry.account });
  }

  forget(nick: string): void {
    this.byNick.delete(this.fold(nick));
  }

  clear(): void {
    this.byNick.clear();
  }

  /** The account `nick` is logged in to; null when known not logged in; undefined when unknown. */
  accountOf(nick: string): string | null | undefined {
    return this.byNick.get(this.fold(nick))?.account;
  }

  /** A nick now logged in to `account` (compared case-insensitively, as services do); undefined if none is seen. */
  nickOf(account: string): string | undefined {
    const wanted = account.toLowerCase();
    for (const entry of this.byNick.values()) if (entry.account?.toLowerCase() === wanted) return entry.nick;
    return undefined;
  }
}

/**
 * Keeps `accounts` up to date from what `client` hears: extended-join, account-notify (also our own SASL
 * login), nick changes, people leaving, and a WHOX of each channel the bot joins (extended-join only
 * covers people who join after the bot). `isMe` tells the bot's own nick.
 */
export function followAccounts(client: Client, accounts: AccountMap, isMe: (nick: string) => boolean): void {
  client.on('join', (event) => {
    if (!isMe(event.nick)) {
      if (event.account !== undefined) accounts.set(event.nick, event.account || null);
      return;
    }
    if (!client.network.supports('whox')) return;
    client.who(event.channel, ({ users }) => {
      for (const user of users) if (user.account !== undefined) accounts.set(user.nick, user.account || null);
    });
  });
  client.on('account', (event) => accounts.set(event.nick, event.account || null));
  client.on('nick', (event) => accounts.rename(event.nick, event.new_nick));
  client.on('quit', (event) => accounts.forget(event.nick));
  // Someone who left a channel may share no other with the bot, and then their account changes go unheard.
  client.on('part', (event) => accounts.forget(event.nick));
  client.on('kick', (event) => accounts.forget(event.kicked));
  client.on('close', () => {
    accounts.clear();
    // irc-framework runs WHO requests one at a time and waits for each reply; one cut off by the drop
    // would block every later WHO (and with it this map) for the life of the process.
    if (client.who_queue) {
      client.who_queue.length = 0;
      client.who_queue.is_running = false;
    }
  });
}
