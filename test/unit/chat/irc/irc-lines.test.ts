import { describe, expect, it } from 'vitest';
import { IRC_LINE_BYTES, ircLines, privmsg, textBudget } from '../../../../src/chat/irc/irc-lines.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** The line as the server relays it to others, with the longest user@host we allow for, and CRLF. */
const relayed = (nick: string, target: string, text: string): string => `:${nick}!~${'u'.repeat(10)}@${'h'.repeat(64)} PRIVMSG ${target} :${text}\r\n`;

describe('IRC output lines', () => {
  it('never lets CR, LF or NUL from the text reach the wire: line breaks become separate lines, the rest is removed', () => {
    const lines = ircLines('hello\r\nQUIT :bye\rPRIVMSG #x :y\nnul\u0000here\u0001ACTION\u0001', 400);
    expect(lines).toEqual(['hello', 'QUIT :bye', 'PRIVMSG #x :y', 'nulhereACTION']);
    for (const line of lines) expect(line).not.toMatch(/[\r\n\0\u0001]/);
  });

  it('drops empty lines (IRC has no empty messages) and keeps leading indentation', () => {
    expect(ircLines('a\n\n   \n  - item', 400)).toEqual(['a', '  - item']);
  });

  it('splits long text at UTF-8 character boundaries, each piece within the byte budget, losing nothing', () => {
    const text = '€'.repeat(100) + '🚀'.repeat(100) + 'x'.repeat(50); // 3-byte and 4-byte characters
    for (const budget of [4, 5, 7, 64, 101, 397]) {
      const pieces = ircLines(text, budget);
      for (const piece of pieces) {
        expect(bytes(piece)).toBeLessThanOrEqual(budget);
        expect(piece).not.toContain('\ufffd');
        expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece); // no broken surrogate pairs
      }
      expect(pieces.join('')).toBe(text);
    }
  });

  it('prefers a space near the end of the budget for a cut, so words stay whole', () => {
    const pieces = ircLines('alpha beta gamma delta epsilon', 14);
    expect(pieces).toEqual(['alpha beta', 'gamma delta', 'epsilon']);
  });

  it('keeps the whole relayed line within 512 bytes for the longest nick and channel the config allows', () => {
    const nick = 'n'.repeat(30);
    const channel = `#${'c'.repeat(49)}`;
    const budget = textBudget(nick, channel);
    for (const piece of ircLines('ü'.repeat(2000), budget)) {
      expect(bytes(relayed(nick, channel, piece))).toBeLessThanOrEqual(IRC_LINE_BYTES);
    }
    // And the budget is not wasted: a piece fills it to within one character.
    const [first] = ircLines('a'.repeat(2000), budget);
    expect(bytes(relayed(nick, channel, first!))).toBe(IRC_LINE_BYTES);
    expect(privmsg(channel, first!)).toBe(`PRIVMSG ${channel} :${first}`);
  });
});
