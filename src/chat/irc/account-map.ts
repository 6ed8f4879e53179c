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
