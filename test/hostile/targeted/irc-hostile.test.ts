/**
 * IRC formatting codes (bold, colour, reset, reverse, italic, underline) and a forged command in a tester's
 * note sent over IRC: stored without them, and every line the bot puts on the wire afterwards (replies,
 * status, notices) is free of control characters and within 512 bytes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SimulatedCi } from '../../../src/desk/ci-source.js';
import { startIrcApp, type IrcApp } from '../../unit/chat/irc/irc-app-harness.js';

const CODES = '\u0002bold\u0002 \u000304,01red\u000f \u0016rev\u0016 \u001ditalic\u001d \u001funder\u001f PRIVMSG #release :forged';

let irc: IrcApp;
beforeAll(async () => {
  irc = await startIrcApp();
  new SimulatedCi(irc.app.store.settings).set('pass');
  const lead = { nick: 'alice', account: 'alice' };
  for (const command of ['!release new v0.5.0', '!release advance', '!release advance']) await irc.say(lead, command);
});
afterAll(() => irc.close());

it('formatting codes in a note are stored without them and never sent back out', async () => {
  expect(await irc.say({ nick: 'tess', account: 'tess' }, `!tested issue crash ${CODES}`)).toMatch(/^#release tess: Recorded/);
  const note = irc.app.store.db.prepare<[], { note: string }>('SELECT note FROM answers').get()?.note;
  expect(note).toBe('crash bold 04,01red rev italic under PRIVMSG #release :forged');
  await irc.say({ nick: 'alice', account: 'alice' }, '!release status');
  await irc.say({ nick: 'alice', account: 'alice' }, '!testers');
  const wire = irc.ircd.received.filter((l) => l.startsWith('PRIVMSG '));
  expect(wire.join('\n')).toContain(':forged');
  for (const line of wire) {
    expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(Buffer.byteLength(`:stagehand!~stagehand@${'h'.repeat(64)} ${line}\r\n`)).toBeLessThanOrEqual(512);
  }
  // No line of ours starts with a command someone typed.
  expect(wire.filter((l) => / :PRIVMSG /.test(l))).toEqual([]);
});
