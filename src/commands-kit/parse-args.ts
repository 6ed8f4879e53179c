import { looksLikeVersion, parseVersion, type Version } from '../release/version.js';
import { fail, ok, type Result } from '../ground/result.js';
import type { AnyCommand, ParsedArgs } from './declaration.js';
import { stripInvisible } from './sanitize.js';
import { nextSpace, skipSpaces, trimSpaces } from '../ground/spaces.js';

/** The longest text a single argument may carry; longer notes are a mistake or an attack. */
export const MAX_TEXT_LENGTH = 1_000;

/**
 * Parse the words after a command's name against its declaration. Every problem is a Failure whose
 * message says what was wrong; the dispatcher adds the usage line. `raw` may still hold invisible
 * characters (zero-width, direction marks): a version must not contain any (it is refused, never read as
 * the version it looks like); free text and answers are taken without them.
 */
export function parseArgs(command: AnyCommand, raw: string): Result<ParsedArgs> {
  const { positional, flags, problem } = splitFlags(command, raw);
  if (problem) return fail(problem);
  let rest = trimSpaces(positional);
  let version: Version | undefined;
  const values: Record<string, string | undefined> = {};
  for (const spec of command.args) {
    const [word = '', remainder = ''] = splitFirst(rest);
    switch (spec.kind) {
      case 'version': {
        if (!word && !spec.optional) return fail('Missing version, such as v0.5.0.');
        if (word && (!spec.optional || looksLikeVersion(stripInvisible(word)))) {
          const parsed = parseVersion(word);
          if (!parsed.ok) return parsed;
          version = parsed.value;
          rest = remainder;
        }
        break;
      }
      case 'choice': {
        if (!word) return fail(`Missing ${spec.name}: one of ${spec.choices.join(', ')}.`);
        const choice = spec.choices.find((c) => c === stripInvisible(word).toLowerCase());
        if (!choice) return fail(`${JSON.stringify(shorten(stripInvisible(word)))} is not a valid ${spec.name}: use one of ${spec.choices.join(', ')}.`);
        values[spec.name] = choice;
        rest = remainder;
        break;
      }
      case 'word': {
        if (!word) return fail(`Missing ${spec.name}${spec.about ? `: ${spec.about}` : ''}.`);
        const text = stripInvisible(word);
        if (text.length > MAX_TEXT_LENGTH) return fail(`The ${spec.name} is too long (${text.length} characters; at most ${MAX_TEXT_LENGTH}).`);
        values[spec.name] = text;
        rest = remainder;
        break;
      }
      case 'text': {
        const text = trimSpaces(stripInvisible(rest));
        if (!text && !spec.optional) return fail(`Missing ${spec.name}${spec.about ? `: ${spec.about}` : ''}.`);
        if (text.length > MAX_TEXT_LENGTH) return fail(`The ${spec.name} is too long (${text.length} characters; at most ${MAX_TEXT_LENGTH}).`);
        values[spec.name] = text || undefined;
        rest = '';
        break;
      }
    }
  }
  if (rest) return fail(`Unexpected ${JSON.stringify(shorten(stripInvisible(splitFirst(rest)[0] ?? rest)))}.`);
  return ok({ version, values, flags });
}

function splitFlags(command: AnyCommand, raw: string): { positional: string; flags: Record<string, string>; problem?: string } {
  const flags: Record<string, string> = {};
  const declared = command.flags ?? [];
  const match = /(^|\s)--([A-Za-z-]+)(?=\s|$)/.exec(raw);
  // Options are only recognised for commands that declare them; elsewhere `--` is ordinary text.
  if (!match || declared.length === 0) return { positional: raw, flags };
  const flag = declared.find((f) => f.name === match[2]);
  if (!flag) return { positional: raw, flags, problem: `Unknown option --${shorten(match[2] ?? '')}.` };
  // Each option's value runs to the next option the command declares (not seen yet), or to the end.
  const starts = [{ flag, at: match.index, valueAt: match.index + match[0].length }];
  for (const later of raw.slice(starts[0]!.valueAt).matchAll(/(^|\s)--([A-Za-z-]+)(?=\s|$)/g)) {
    const next = declared.find((f) => f.name === later[2] && !starts.some((s) => s.flag === f));
    const at = starts[0]!.valueAt + (later.index ?? 0);
    if (next) starts.push({ flag: next, at, valueAt: at + later[0].length });
  }
  for (const [i, start] of starts.entries()) {
    const value = trimSpaces(stripInvisible(raw.slice(start.valueAt, starts[i + 1]?.at ?? raw.length)));
    if (!value) return { positional: raw, flags, problem: `--${start.flag.name} needs a ${start.flag.valueName}.` };
    if (value.length > MAX_TEXT_LENGTH) return { positional: raw, flags, problem: `The ${start.flag.valueName} is too long (at most ${MAX_TEXT_LENGTH} characters).` };
    flags[start.flag.name] = value;
  }
  return { positional: raw.slice(0, match.index), flags };
}

/**
 * The first word and the rest; a word of invisible characters only is not a word. A loop with one index,
 * not recursion on the rest: many invisible-only words must cost linear time and no stack.
 */
function splitFirst(text: string): [string, string] | [] {
  for (let at = skipSpaces(text, 0); at < text.length; ) {
    const end = nextSpace(text, at);
    const word = text.slice(at, end);
    if (stripInvisible(word) !== '') return [word, trimSpaces(text.slice(end))];
    at = skipSpaces(text, end);
  }
  return [];
}

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
