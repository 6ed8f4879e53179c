import { randomUUID } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import { hasRole, type Person } from '../people/roster.js';
import { StaleReleaseError } from '../store/release-repo.js';
import type { WriteHealth } from '../store/write-health.js';
import type { AnyCommand, CommandContext } from './declaration.js';
import { usageOf } from './declaration.js';
import { checkLine } from './line-cap.js';
import { namedByLastWord } from './named-by-last-word.js';
import { parseArgs } from './parse-args.js';
import { line, refusal, type Reply } from './reply.js';
import { mapReplyText } from './reply-text.js';
import { stripControls, stripInvisible } from './sanitize.js';
import { couldNotRecord } from './storage-words.js';
import { nextSpace, skipSpaces, trimSpaces } from '../ground/spaces.js';

export const ROLE_NAMES = { anyone: 'anyone', tester: 'an enrolled early tester', lead: 'a release lead' } as const;

export interface DispatcherDeps {
  readonly commands: readonly AnyCommand[];
  readonly prefix: string;
  readonly log: Logger;
  /** Builds the capabilities a command gets, for this asker. */
  readonly contextFor: (person: Person, allowed: () => readonly AnyCommand[], known: (name: string) => boolean, sentAt: number) => CommandContext;
  readonly now: () => number;
  /** A command sent longer ago than this (read after downtime) is not run unless it `acceptsLate`. */
  readonly staleAfterMs: number;
  /** Formats the time a stale command was sent, for the reply. */
  readonly formatTime: (at: number) => string;
  /** Told about every command handled (metrics); not called for text that is not a command. */
  readonly observe?: (handled: HandledCommand) => void;
  /**
   * Applied to the text of every message that fits the line cap before it is read, and to every piece of text of every reply:
   * a secret pasted into chat (or quoted in an error) goes no further, into the store, a post or a reply.
   */
  readonly redact?: (text: string) => string;
  /** Told of a commit the store refused (a full disk), which then gets its own answer. */
  readonly writes?: Pick<WriteHealth, 'failed'>;
}

/** ok: it ran; refused: a clear no (role, arguments, rules, stale); error: it threw; unknown: no such command. */
export type CommandOutcome = 'ok' | 'refused' | 'error' | 'unknown';

export interface HandledCommand {
  /** The command's name; `(unknown)` for a name no command has, so typos do not become label values; `(too long)` for a line over the cap. */
  readonly command: string;
  readonly outcome: CommandOutcome;
  /** From when the message was sent to when its reply is ready to hand to the adapter. */
  readonly latencyMs: number;
}

/**
 * Turns a chat line into a reply: find the command, check the role (deny by default, before anything
 * runs), parse the arguments, execute, render. Commands run one at a time, in arrival order, so two
 * leads cannot interleave changes to the same release.
 */
export class Dispatcher {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly byName: ReadonlyMap<string, AnyCommand>;

  constructor(private readonly deps: DispatcherDeps) {
    this.byName = new Map(deps.commands.map((c) => [c.name, c]));
  }

  /**
   * The reply to `text` from `person`, or null when the text is not addressed to the bot. `sentAt` is
   * when the network says it was sent (default: now).
   */
  handle(text: string, person: Person, sentAt?: number): Promise<Reply | null> {
    const run = this.queue.then(() => this.handleNow(text, person, sentAt ?? this.deps.now()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The commands `person` may run, in declaration order. */
  allowedFor(person: Person): AnyCommand[] {
    return this.deps.commands.filter((c) => hasRole(person, c.role));
  }

  private async handleNow(rawText: string, person: Person, sentAt: number): Promise<Reply | null> {
    const handled = await this.decide(rawText, person, sentAt);
    if (!handled) return null;
    this.deps.observe?.({ command: handled.command, outcome: handled.outcome, latencyMs: Math.max(0, this.deps.now() - sentAt) });
    return this.deps.redact ? mapReplyText(handled.reply, this.deps.redact) : handled.reply;
  }

  private async decide(received: string, person: Person, sentAt: number): Promise<{ command: string; outcome: CommandOutcome; reply: Reply } | null> {
    // The length cap comes before anything reads the text: an over-long line costs one short scan.
    const size = checkLine(received, this.deps.prefix);
    if (!size.fits) return size.reply && { command: '(too long)', outcome: 'refused', reply: size.reply };
    // A secret pasted into chat goes no further than here: not into the store, a post or a reply.
    const rawText = this.deps.redact ? this.deps.redact(received) : received;
    // Invisible characters are kept for the arguments (a version with a zero-width space or a direction
    // override in it must be refused, not silently read as another version); names are found without them.
    const kept = trimSpaces(stripControls(rawText));
    const text = stripInvisible(kept);
    if (!text.startsWith(this.deps.prefix)) return null;
    const body = text.slice(this.deps.prefix.length);
    // "!!" or "! look" is people talking, not a command.
    if (!/^[A-Za-z]/.test(body)) return null;
    const found = this.find(body);
    if (!found) return { command: '(unknown)', outcome: 'unknown', reply: this.unknown(body) };
    const { command } = found;
    // Only invisible characters may come before the prefix in the kept text; otherwise read it without them.
    const at = kept.indexOf(this.deps.prefix);
    const rest = at >= 0 && stripInvisible(kept.slice(0, at)) === '' ? dropWords(kept.slice(at + this.deps.prefix.length), found.count) : found.rest;
    const as = (outcome: CommandOutcome, reply: Reply) => ({ command: command.name, outcome, reply });
    if (!hasRole(person, command.role)) {
      return as('refused', refusal(`${this.deps.prefix}${command.name} is for ${ROLE_NAMES[command.role]}; ${person.name} is not one. Nothing was changed.`));
    }
    if (!command.acceptsLate && this.deps.now() - sentAt > this.deps.staleAfterMs) {
      this.deps.log.info({ command: command.name, person: person.id, sentAt }, 'stale command not run');
      return as(
        'refused',
        refusal(
          `I was offline when you sent ${this.deps.prefix}${command.name} (${this.deps.formatTime(sentAt)}), so I did not run it: things may have moved since. Please send it again if it still applies.`,
        ),
      );
    }
    const args = parseArgs(command, rest);
    if (!args.ok) return as('refused', refusal(args.error.message, line(`Usage: ${usageOf(command, this.deps.prefix)}`)));
    const ctx = this.deps.contextFor(person, () => this.allowedFor(person), (name) => this.byName.has(name), sentAt);
    const ref = randomUUID().slice(0, 8);
    try {
      const result = await command.execute(ctx, args.value);
      if (!result.ok) {
        this.deps.log.info({ ref, command: command.name, person: person.id, detail: result.error.detail, message: result.error.message }, 'command refused');
        return as('refused', refusal(result.error.message));
      }
      this.deps.log.info({ ref, command: command.name, person: person.id }, 'command ran');
      return as('ok', command.render(result.value, ctx));
    } catch (error) {
      if (error instanceof StaleReleaseError) {
        return as('refused', refusal('The release changed while I was checking it; nothing was changed. Please run the command again.'));
      }
      // The store refused the commit (its transaction rolled back): say why, not "something went wrong".
      const fault = this.deps.writes?.failed(error, this.deps.now());
      if (fault) {
        this.deps.log.info({ ref, command: command.name, person: person.id, code: fault.code }, 'command not recorded (storage fault)');
        return as('error', refusal(couldNotRecord(fault.kind)));
      }
      this.deps.log.error({ ref, command: command.name, err: error }, 'command failed');
      return as('error', refusal(`Something went wrong running ${this.deps.prefix}${command.name} (reference ${ref}); the log has the details.`));
    }
  }

  private find(body: string): { command: AnyCommand; rest: string; count: number } | null {
    const trimmed = body.trim();
    const words = trimmed.split(/\s+/);
    // Two-word names (`release advance`) win over one-word ones (`help`).
    for (const count of [2, 1]) {
      if (words.length < count) continue;
      const command = this.byName.get(words.slice(0, count).join(' ').toLowerCase());
      if (command) return { command, rest: dropWords(trimmed, count), count };
    }
    return null;
  }

  private unknown(body: string): Reply {
    const words = body.split(/\s+/);
    const shown = words.slice(0, 2).join(' ').slice(0, 40);
    const family = this.deps.commands.filter((c) => c.name.startsWith(`${words[0]?.toLowerCase()} `));
    const hint =
      family.length > 0
        ? ` ${this.deps.prefix}${words[0]} takes: ${family.map((c) => c.name.split(' ')[1]).join(', ')}.`
        : '';
    const meant = family.length === 0 ? namedByLastWord(words[0] ?? '', this.deps.commands) : null;
    const didYouMean = meant ? ` Did you mean ${this.deps.prefix}${meant.name}?` : '';
    return refusal(`Unknown command ${this.deps.prefix}${shown}.${hint}${didYouMean} ${this.deps.prefix}help lists what you can run.`);
  }
}

/**
 * `text` without its first `count` words; a "word" of invisible characters only is dropped but not counted.
 * One index moves forward through the text (slicing the rest after each word was quadratic in their number).
 */
function dropWords(text: string, count: number): string {
  let at = skipSpaces(text, 0);
  for (let dropped = 0; dropped < count && at < text.length; ) {
    const end = nextSpace(text, at);
    if (stripInvisible(text.slice(at, end)) !== '') dropped += 1;
    at = skipSpaces(text, end);
  }
  return trimSpaces(text.slice(at));
}
