import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ShellAdapter } from '../../../src/chat/shell/shell-adapter.js';
import type { InboundMessage } from '../../../src/chat/port.js';
import { checkLine, MAX_LINE_LENGTH } from '../../../src/commands-kit/line-cap.js';
import { renderPlain } from '../../../src/commands-kit/render-plain.js';
import { createTestApp } from '../../helpers/test-app.js';

const MEGABYTE = 1_000_000;
const tooLong = (n: number) => `That message is too long (${n.toLocaleString('en-US')} characters; the limit is 4,000). Nothing was changed.`;

describe('one length cap on every line, before any parsing (issue 13, finding 1)', () => {
  it('lets a line of exactly the limit through and answers a longer command with its length', () => {
    expect(MAX_LINE_LENGTH).toBe(4_000);
    expect(checkLine('!'.padEnd(MAX_LINE_LENGTH, 'x'), '!')).toEqual({ fits: true });
    const over = checkLine(`!release new v0.6.0${' '.repeat(MEGABYTE)}x`, '!');
    expect(over.fits).toBe(false);
    if (!over.fits) expect(renderPlain(over.reply!)).toEqual([tooLong(MEGABYTE + 20)]);
  });

  it('answers an over-long command after a few spaces or invisible marks, and ignores over-long chat', () => {
    const answered = (text: string) => {
      const check = checkLine(text, '!');
      return !check.fits && check.reply !== null;
    };
    expect(answered(`  \u200b\u202e!help ${'x'.repeat(MAX_LINE_LENGTH)}`)).toBe(true);
    expect(answered(`hello ${'x'.repeat(MAX_LINE_LENGTH)}`)).toBe(false);
    expect(answered(' '.repeat(MEGABYTE))).toBe(false);
    expect(answered(`!! ${'x'.repeat(MAX_LINE_LENGTH)}`)).toBe(false);
    // A screenful of blank before the prefix is not a command.
    expect(answered(`${' '.repeat(MEGABYTE)}!help`)).toBe(false);
  });

  it('the dispatcher answers the reported lines at once, from a guest too, and changes nothing', async () => {
    const t = createTestApp();
    try {
      const before = t.snapshot();
      expect(await t.send(`hello${' '.repeat(65_000)}x`, 'guest')).toBeNull();
      const said = await t.say(`!release new v0.6.0${' '.repeat(65_000)}x`, 'guest');
      expect(said).toEqual({ tone: 'refused', lines: [tooLong(65_020)], text: tooLong(65_020) });
      expect((await t.say(`!release new v0.6.0${' '.repeat(200_000)}x`, 'lead')).text).toBe(tooLong(200_020));
      expect(t.snapshot()).toEqual(before);
      expect(t.takeOutput()).toBe('');
    } finally {
      await t.close();
    }
  });

  it('the shell answers every over-long line, its own /commands included, without passing it on', async () => {
    const input = new PassThrough();
    let printed = '';
    const output = new Writable({
      write(chunk, _encoding, callback) {
        printed += String(chunk);
        callback();
      },
    });
    const moves: number[] = [];
    const shell = new ShellAdapter({
      input,
      output,
      interactive: false,
      firstPerson: 'lead',
      controls: {
        now: () => 0,
        advanceTo: async (at) => void moves.push(at),
        setCi: () => undefined,
        ciState: () => 'pass',
        settle: async () => undefined,
        holdDelivery: () => () => undefined,
        describePerson: (name) => name,
        timeZone: 'UTC',
      },
    });
    const received: InboundMessage[] = [];
    await shell.start(async (message) => void received.push(message));
    input.end([`/time +1d${' '.repeat(MEGABYTE)}`, ' '.repeat(MEGABYTE), `!help${' '.repeat(MEGABYTE)}`, '!help'].join('\n'));
    await shell.finished;
    expect(printed).toBe(`${tooLong(MEGABYTE + 9)}\n${tooLong(MEGABYTE)}\n${tooLong(MEGABYTE + 5)}\n`);
    expect(moves).toEqual([]);
    expect(received.map((m) => m.text)).toEqual(['!help']);
  });
});
