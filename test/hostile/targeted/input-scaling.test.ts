/**
 * Every parser, sanitiser and renderer on the path of person-typed text runs in time linear in its length:
 * each input family is timed at 1×, 10× and 100× its size, and fails when time grows faster than linearly
 * (ratios, never absolute times; see ../scaling.ts). Then the line cap: a line of 1 MB of spaces is turned
 * away as fast as a short line is handled, through the dispatcher and through the Matrix adapter's reading
 * of an event. The table printed at the end is the suite's figure for the README.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import type { AnyCommand } from '../../../src/commands-kit/declaration.js';
import { parseArgs } from '../../../src/commands-kit/parse-args.js';
import { line, list, reply, table } from '../../../src/commands-kit/reply.js';
import { sanitizeText } from '../../../src/commands-kit/sanitize.js';
import { trimSpaces } from '../../../src/ground/spaces.js';
import { ircLines } from '../../../src/chat/irc/irc-lines.js';
import { renderIrcReply } from '../../../src/chat/irc/irc-render.js';
import { renderFittingReply } from '../../../src/chat/matrix/fit-reply.js';
import { renderPost, renderReply } from '../../../src/chat/matrix/html.js';
import { commandTextOf, stripReplyFallback } from '../../../src/chat/matrix/inbound.js';
import { runShellCommand, type ShellControls } from '../../../src/chat/shell/shell-commands.js';
import { ConfigError, parseConfig } from '../../../src/config/load.js';
import { scrubText } from '../../../src/log/scrub.js';
import { parseVersion } from '../../../src/release/version.js';
import { inertMarkdown } from '../../../src/text/inert-markdown.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { formatRows, measure, SLACK, type Family, type Row } from '../scaling.js';

const command = (name: string): AnyCommand => {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};
const RESTART = command('release restart');
const TESTED = command('tested');
const TIMES = (n: number) => [n, n * 10, n * 100];
const repeatTo = (unit: string, size: number): string => unit.repeat(Math.max(1, Math.round(size / unit.length)));
const configWith = (keys: number): string => `project:\n  name: x\n  repo: a/b\n${Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
const matrixEvent = (body: string) => ({ type: 'm.room.message', sender: '@guest:example.org', content: { msgtype: 'm.text', body } });
const shellControls = {
  now: () => 0,
  advanceTo: async () => undefined,
  setCi: () => undefined,
  ciState: () => 'pass',
  settle: async () => undefined,
  holdDelivery: () => () => undefined,
  describePerson: (name: string) => name,
  timeZone: 'UTC',
} satisfies ShellControls;

let t: TestApp;
const table_: Row[] = [];
beforeAll(() => {
  t = createTestApp();
});
afterAll(async () => {
  const families = new Set(table_.map((r) => r.family)).size;
  const largest = Math.max(...table_.map((r) => r.size));
  console.log(`[hostile] input scaling: ${families} input families, each at 1×, 10× and 100× (largest ${largest.toLocaleString('en-US')}), super-linear when the ratio is over k × ${SLACK}\n${formatRows(table_)}`);
  await t.close();
});

async function expectLinear<T>(family: Family<T>): Promise<void> {
  const rows = await measure(family);
  table_.push(...rows);
  expect(rows.filter((r) => !r.ok), formatRows(rows)).toEqual([]);
  expect(rows).toHaveLength(family.sizes.length);
}

/** [name, sizes, make, run]: characters unless the name says otherwise. */
const FAMILIES: readonly Family<unknown>[] = [
  { name: 'spaces inside a line (trimSpaces)', sizes: TIMES(2_000), make: (n) => `hello${' '.repeat(n)}x`, run: (s) => trimSpaces(s as string) },
  { name: 'spaces inside a version (parseVersion)', sizes: TIMES(2_000), make: (n) => `1${' '.repeat(n)}.0`, run: (s) => parseVersion(s as string) },
  { name: 'spaces after a command (parseArgs)', sizes: TIMES(2_000), make: (n) => `v0.5.0${' '.repeat(n)}x`, run: (s) => parseArgs(RESTART, s as string) },
  { name: 'long words (parseArgs)', sizes: TIMES(2_000), make: (n) => 'x'.repeat(n), run: (s) => parseArgs(RESTART, s as string) },
  { name: 'many arguments (parseArgs)', sizes: TIMES(2_000), make: (n) => repeatTo('ab ', n), run: (s) => parseArgs(RESTART, s as string) },
  { name: 'invisible-only words (parseArgs)', sizes: TIMES(2_000), make: (n) => `${repeatTo('\u200b ', n)}ok`, run: (s) => parseArgs(TESTED, s as string) },
  { name: 'control and invisible characters (sanitizeText)', sizes: TIMES(2_000), make: (n) => repeatTo('\u0001\u200b\ud800a\r\n\u202e', n), run: (s) => sanitizeText(s as string) },
  { name: 'markdown punctuation (inertMarkdown)', sizes: TIMES(2_000), make: (n) => repeatTo('*_`[]()@a#1<&!|~\\', n), run: (s) => inertMarkdown(s as string) },
  { name: 'IRC splitting, words (ircLines)', sizes: TIMES(2_000), make: (n) => repeatTo('word ', n), run: (s) => ircLines(s as string, 400) },
  { name: 'IRC splitting, one long word (ircLines)', sizes: TIMES(2_000), make: (n) => 'ü'.repeat(n), run: (s) => ircLines(s as string, 400) },
  { name: 'IRC reply rendering (renderIrcReply)', sizes: TIMES(2_000), make: (n) => reply('info', line(repeatTo('<b>x</b> ', n))), run: (r) => renderIrcReply(r as never, 'nick', () => undefined) },
  { name: 'Matrix HTML rendering (renderReply)', sizes: TIMES(2_000), make: (n) => reply('info', line(repeatTo(`<&>"' `, n)), list([[repeatTo('<i>', n)]])), run: (r) => renderReply(r as never, () => undefined) },
  { name: 'Matrix posts (renderPost)', sizes: TIMES(2_000), make: (n) => repeatTo('<a>\n', n), run: (s) => renderPost(s as string, [{ userId: '@a:b', name: 'A' }]) },
  {
    // Over one event from the smallest size on, cut to fit by a binary search over the rows: n log n, allowed twice linear.
    name: 'Matrix reply cut to fit, rows (renderFittingReply)',
    sizes: TIMES(600),
    repetitions: 3,
    make: (n) => reply('info', table(['organisation', 'answer'], Array.from({ length: n }, (_, i) => [`Organisation number ${i} <&>`, 'ok']))),
    run: (r) => renderFittingReply(r as never, () => undefined),
    expected: (k) => 2 * k,
  },
  { name: 'Matrix reply fallback (stripReplyFallback)', sizes: TIMES(2_000), make: (n) => `${repeatTo('> quoted\n', n)}\n!help`, run: (s) => stripReplyFallback(s as string) },
  // Every log line passes through it, and log lines may quote what a person typed or what a server answered.
  { name: 'dotted words in a log line (scrubText)', sizes: TIMES(2_000), make: (n) => repeatTo('a.', n), run: (s) => scrubText(s as string) },
  { name: 'shell /time with spaces (runShellCommand)', sizes: TIMES(2_000), make: (n) => `/time ${' '.repeat(n)}x`, run: (s) => runShellCommand(s as string, 'lead', shellControls) },
  // Through the whole dispatcher, up to just under the line cap (4,000 characters): the lines from the report.
  { name: 'dispatcher: a guest says hello + spaces + x', sizes: TIMES(39), make: (n) => `hello${' '.repeat(n)}x`, run: (s) => t.send(s as string, 'guest') },
  { name: 'dispatcher: !release new v0.6.0 + spaces + x', sizes: TIMES(39), make: (n) => `!release new v0.6.0${' '.repeat(n)}x`, run: (s) => t.send(s as string, 'guest') },
  { name: 'dispatcher: invisible words after a command', sizes: TIMES(39), make: (n) => `!release ${repeatTo('\u200b ', n)}new v0.6.0`, run: (s) => t.send(s as string, 'guest') },
  {
    // Keys, up to 50,000 (about 750 KB, under the 1 MiB a config file may have).
    name: 'config keys (parseConfig, YAML duplicate-key check)',
    sizes: TIMES(500),
    make: configWith,
    run: (text) => {
      try {
        parseConfig(text as string);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
      }
    },
    repetitions: 3,
  },
];

for (const family of FAMILIES) {
  it(`${family.name}: time grows linearly with size`, () => expectLinear(family));
}

// "A line of 1 MB of spaces is answered as fast as a short line": the cap answers before anything reads it.
const MEGABYTE = 1_000_000;
const CAPPED: readonly Family<string>[] = [
  { name: 'cap: a guest says hello + N spaces + x', sizes: [1, 10_000, MEGABYTE], make: (n) => `hello${' '.repeat(n)}x`, run: (s) => t.send(s, 'guest'), expected: () => 1 },
  { name: 'cap: N spaces only', sizes: [1, 10_000, MEGABYTE], make: (n) => ' '.repeat(n), run: (s) => t.send(s, 'guest'), expected: () => 1 },
  { name: 'cap: !release new v0.6.0 + N spaces + x', sizes: [1, 10_000, MEGABYTE], make: (n) => `!release new v0.6.0${' '.repeat(n)}x`, run: (s) => t.send(s, 'guest'), expected: () => 1 },
  {
    name: 'cap: Matrix event !release new v0.6.0 + N spaces',
    sizes: [1, 10_000, MEGABYTE],
    make: (n) => `!release new v0.6.0${' '.repeat(n)}x`,
    run: async (body) => t.send(commandTextOf(matrixEvent(body), '@bot:example.org') ?? '', 'guest'),
    expected: () => 1,
  },
];

for (const family of CAPPED) {
  it(`${family.name}: as fast at 1 MB as with one space`, () => expectLinear(family));
}
