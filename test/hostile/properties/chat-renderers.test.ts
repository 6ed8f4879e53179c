/**
 * The chat renderers under generated replies and posts full of hostile text: plain lines (shell), IRC lines
 * and Matrix HTML. IRC lines never carry CR, LF, NUL or formatting codes, never exceed 512 bytes as relayed,
 * never split a character; Matrix HTML has exactly the elements the reply's structure calls for, whatever
 * the text says, and only configured people are pilled and mentioned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineText, renderPlain } from '../../../src/commands-kit/render-plain.js';
import type { Reply } from '../../../src/commands-kit/reply.js';
import { sanitizeText } from '../../../src/commands-kit/sanitize.js';
import { IRC_LINE_BYTES, ircLines, privmsg, textBudget } from '../../../src/chat/irc/irc-lines.js';
import { renderIrcAnnouncement, renderIrcReply } from '../../../src/chat/irc/irc-render.js';
import { renderFittingReply } from '../../../src/chat/matrix/fit-reply.js';
import { renderPost, renderReply } from '../../../src/chat/matrix/html.js';
import { hasLoneSurrogate, hostileText } from '../arbitraries.js';
import { shapeOf } from '../html-shape.js';
import { hostileReply, PERSON_IDS, skeletonOf } from '../reply-arbitrary.js';

const MATRIX_IDS: Record<string, string> = { alice: '@alice:example.org', bob: '@bob:example.org' };
const matrixIdOf = (id: string): string | undefined => MATRIX_IDS[id];
const nickOf = (id: string): string | undefined => (id === 'alice' ? 'alice' : undefined);
/** The longest `~user@host` a server relays before our text (USERLEN 10 + `~`, HOSTLEN 64). */
const LONGEST_MASK = `~${'u'.repeat(10)}@${'h'.repeat(64)}`;
const nick = fc.constantFrom('stagehand', 'sh', `stagehand${'_'.repeat(21)}`);
const target = fc.constantFrom('#release', '#a', `#${'c'.repeat(49)}`);
const nonSpace = (text: string): string => text.replace(/\s+/g, '');
/** A reply's text in document order, as the HTML should read. */
const textOf = (reply: Reply): string =>
  reply.blocks
    .map((b) => (b.kind === 'line' ? b.inlines.map(inlineText).join('') : b.kind === 'list' ? b.items.map((i) => i.map(inlineText).join('')).join('') : [b.header, ...b.rows].flat().join('')))
    .join('');

function expectSafeIrc(text: string, botNick: string, channel: string): void {
  const budget = textBudget(botNick, channel);
  const lines = ircLines(text, budget);
  for (const line of lines) {
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(line.trim()).not.toBe('');
    const relayed = `:${botNick}!${LONGEST_MASK} ${privmsg(channel, line)}\r\n`;
    expect(Buffer.byteLength(relayed)).toBeLessThanOrEqual(IRC_LINE_BYTES);
    // Well-formed: no character split (a surrogate pair cut in two), no lone surrogate from a broken client.
    expect(hasLoneSurrogate(line)).toBe(false);
    expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
  }
  // Nothing but control characters and spacing is lost.
  const expected = text.split(/\r\n|\r|\n/).map((l) => nonSpace(sanitizeText(l))).join('');
  expect(lines.map(nonSpace).join('')).toBe(expected);
}

describe('IRC rendering', () => {
  it('replies: safe lines of at most 512 bytes, nothing lost but control characters', () => {
    fc.assert(
      fc.property(hostileReply, hostileText(10), nick, target, (reply, asker, botNick, channel) => {
        expectSafeIrc(renderIrcReply(reply, asker, nickOf).join('\n'), botNick, channel);
      }),
    );
  });

  it('announcements and long text (up to 4,000 characters)', () => {
    fc.assert(
      fc.property(hostileText(800, 'max'), fc.subarray([...PERSON_IDS]), nick, target, (text, mentions, botNick, channel) => {
        expectSafeIrc(renderIrcAnnouncement(text, mentions, nickOf), botNick, channel);
      }),
    );
  });
});

describe('Matrix HTML', () => {
  it('a reply has the elements of its structure only; the text reads back unchanged; only configured people are mentioned', () => {
    fc.assert(
      fc.property(hostileReply, (reply) => {
        const rendered = renderReply(reply, matrixIdOf);
        const skeleton = renderReply(skeletonOf(reply), matrixIdOf);
        const shape = shapeOf(rendered.formatted_body, true);
        expect(shape.elements).toEqual(shapeOf(skeleton.formatted_body, true).elements);
        expect(shape.text).toBe(textOf(reply));
        for (const id of rendered['m.mentions'].user_ids) expect(Object.values(MATRIX_IDS)).toContain(id);
        for (const element of shape.elements.filter((e) => e.startsWith('<a'))) expect(element).toMatch(/^<a href=https:\/\/matrix\.to\/#\/@(alice|bob):example\.org>$/);
      }),
    );
  });

  it('a post: the text is one escaped paragraph per line, pills only for the mentions given', () => {
    fc.assert(
      fc.property(hostileText(200), fc.subarray([...PERSON_IDS]), (text, ids) => {
        const mentions = ids.map((id) => ({ userId: matrixIdOf(id), name: id }));
        const post = renderPost(text, mentions);
        const shape = shapeOf(post.formatted_body, true);
        const pills = mentions.filter((m) => m.userId).map((m) => `<a href=https://matrix.to/#/${m.userId}>`);
        expect(shape.elements).toEqual([...pills, ...Array<string>(text.split('\n').length - 1).fill('<br>')]);
        expect(post['m.mentions'].user_ids).toEqual([...new Set(mentions.flatMap((m) => (m.userId ? [m.userId] : [])))]);
        expect(shape.text.replace(/^[^:]*: /, mentions.length ? '' : '$&')).toContain(text.split('\n').join(''));
      }),
    );
  });

  it('a reply too big for one event is cut to its first rows, with a line saying how many were left out', () => {
    const row = fc.array(hostileText(8), { minLength: 3, maxLength: 3 });
    let cut = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 0, maxLength: 300, size: 'max' }), fc.integer({ min: 1_000, max: 20_000 }), (rows, max) => {
        const reply = { tone: 'info' as const, blocks: [{ kind: 'table' as const, header: ['Org', 'dev', 'prod'], rows }] };
        const fitted = renderFittingReply(reply, matrixIdOf, {}, max);
        const size = Buffer.byteLength(JSON.stringify(fitted));
        const whole = renderReply(reply, matrixIdOf);
        if (Buffer.byteLength(JSON.stringify(whole)) <= max) {
          expect(fitted).toEqual(whole);
          return;
        }
        cut += 1;
        expect(size).toBeLessThanOrEqual(max);
        const kept = shapeOf(fitted.formatted_body).elements.filter((e) => e === '<td>').length / 3;
        expect(fitted.body).toMatch(new RegExp(`… \\(${rows.length - kept} more rows?; the status page has them all\\)$`));
      }),
    );
    // Most generated replies are over their budget, so the cutting itself is what is exercised.
    expect(cut).toBeGreaterThan(500);
  });
});

describe('plain rendering', () => {
  it('never throws and gives one line per line, list item and table row', () => {
    fc.assert(
      fc.property(hostileReply, (reply) => {
        const expected = reply.blocks.reduce((n, b) => n + (b.kind === 'line' ? 1 : b.kind === 'list' ? b.items.length : b.rows.length + 1), 0);
        expect(renderPlain(reply)).toHaveLength(expected);
      }),
    );
  });
});
