import type { Cadence } from '../release/cadence.js';
import type { ProcessPolicy } from '../release/policy.js';
import type { Version } from '../release/version.js';
import type { Result } from '../ground/result.js';
import type { Clock } from '../ground/clock.js';
import type { ScheduleView } from '../schedule/schedules.js';
import type { ReleaseDesk } from '../desk/release-desk.js';
import type { Person, Role } from '../people/roster.js';
import type { Reply } from './reply.js';

/** `about`: what the argument means, for `!help <command>` (without it help says only what kind it is). */
export type ArgSpec = (
  /** A release version; an optional one is taken only when the next word looks like a version. */
  | { readonly name: string; readonly kind: 'version'; readonly optional: boolean }
  /** One word from a fixed set. */
  | { readonly name: string; readonly kind: 'choice'; readonly choices: readonly string[] }
  /** One word (a commit id, a post number), required. */
  | { readonly name: string; readonly kind: 'word' }
  /** Free text: the rest of the line. */
  | { readonly name: string; readonly kind: 'text'; readonly optional: boolean }
) & { readonly about?: string };

/** `--name <text>`: takes the rest of the line after it. */
export interface FlagSpec {
  readonly name: string;
  readonly valueName: string;
  /** The command cannot run without it (its execute refuses, naming it); help shows it without brackets. */
  readonly required?: boolean;
  /** What it means, for `!help <command>`. */
  readonly about?: string;
}

export interface ParsedArgs {
  readonly version: Version | undefined;
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly flags: Readonly<Record<string, string | undefined>>;
}

/** What a command may use. Commands never see a network client, the store or the bot itself. */
export interface CommandContext {
  readonly person: Person;
  readonly desk: ReleaseDesk;
  readonly clock: Clock;
  readonly prefix: string;
  readonly timeZone: string;
  readonly cadence: Cadence;
  readonly policy: ProcessPolicy;
  /** The reminders' schedule (absent where no scheduler runs). */
  readonly schedule?: ScheduleView;
  /** Names of configured people, for replies. */
  readonly nameOf: (personId: string) => string;
  /** The declarations the asker may run, for help. */
  readonly allowed: () => readonly AnyCommand[];
  /** Whether a command of that name exists at all (whoever may run it). */
  readonly isCommand: (name: string) => boolean;
  /** Every declaration, whoever may run it: help explains any command and says who may. */
  readonly everyCommand?: () => readonly AnyCommand[];
  /** When the message was sent, as the network says (a message read after downtime is older than now). */
  readonly sentAt: number;
}

/** A chat command: what it is called, who may run it, its arguments, its help, and how it runs. */
export interface Command<D> {
  readonly name: string;
  readonly summary: string;
  readonly role: Role;
  readonly args: readonly ArgSpec[];
  readonly flags?: readonly FlagSpec[];
  /** Whether running it changes release state (help marks these). */
  readonly changesState: boolean;
  /**
   * Run even when the message is older than the stale limit (read after the bot was offline). Only for
   * commands that record what someone said at the time (a tester's answer), never for a lead's orders:
   * an hour-old "advance" may no longer be what the lead wants.
   */
  readonly acceptsLate?: boolean;
  readonly examples: readonly string[];
  execute(ctx: CommandContext, args: ParsedArgs): Result<D> | Promise<Result<D>>;
  render(data: D, ctx: CommandContext): Reply;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

/** Identity function that keeps `D` tied between execute and render. */
export const defineCommand = <D>(command: Command<D>): Command<D> => command;

/**
 * Usage lines by declaration and prefix: `!help` lists one per command on every call, and a declaration
 * never changes once defined. Keyed weakly by the declaration, so nothing outlives the commands.
 */
const usages = new WeakMap<AnyCommand, Map<string, string>>();

export function usageOf(command: AnyCommand, prefix: string): string {
  let byPrefix = usages.get(command);
  if (!byPrefix) usages.set(command, (byPrefix = new Map()));
  let usage = byPrefix.get(prefix);
  if (usage === undefined) byPrefix.set(prefix, (usage = composeUsage(command, prefix)));
  return usage;
}

function composeUsage(command: AnyCommand, prefix: string): string {
  const parts = command.args.map((a) => {
    if (a.kind === 'version') return a.optional ? '[version]' : '<version>';
    if (a.kind === 'choice') return a.choices.join('|');
    if (a.kind === 'word') return `<${a.name}>`;
    return a.optional ? `[${a.name}]` : `<${a.name}>`;
  });
  const flags = (command.flags ?? []).map((f) => (f.required ? `--${f.name} <${f.valueName}>` : `[--${f.name} <${f.valueName}>]`));
  return [`${prefix}${command.name}`, ...parts, ...flags].join(' ');
}
