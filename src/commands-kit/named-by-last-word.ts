import type { AnyCommand } from './declaration.js';

/**
 * The one command whose name ends with `word` (`advance` → `release advance`), or null when none or
 * several do. A new user types `!advance` or `!help dismiss`; naming the command they meant beats
 * "unknown". Only the last word of a multi-word name counts, so a one-word command never matches itself.
 */
export function namedByLastWord(word: string, commands: readonly AnyCommand[]): AnyCommand | null {
  const wanted = word.toLowerCase();
  const matches = commands.filter((c) => c.name.includes(' ') && c.name.slice(c.name.lastIndexOf(' ') + 1) === wanted);
  return matches.length === 1 ? (matches[0] ?? null) : null;
}
