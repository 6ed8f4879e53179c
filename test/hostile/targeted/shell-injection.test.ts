/**
 * Targeted hostile input through the real dispatcher, desk and (dry-run) publishers: line breaks, NUL and
 * IRC formatting codes in notes and reasons; versions with look-alike digits, direction overrides and
 * zero-width characters; 64 KB messages. Stored text and every post are clean; a refusal changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TESTERS, type TestApp } from '../../helpers/test-app.js';

const CONTROLS = '\r\n\u0000\u0002bold\u0002 \u000304,01red\u000f \u0016rev\u0016 \u001ditalic\u001d \u001funder\u001f\r\nPRIVMSG #ipfs :forged\u0000';
const UNSAFE = /[\u0000-\u001f\u007f\u2028\u2029]/;

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
  t.ci.set('pass');
});
afterEach(() => t.close());

const column = (sql: string): string[] => t.app.store.db.prepare<[], { v: string | null }>(sql).all().flatMap((r) => (r.v === null ? [] : [r.v]));

describe('control characters and IRC formatting codes', () => {
  it('never reach a stored note or reason, nor any post', async () => {
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    expect((await t.say(`!tested issue crash${CONTROLS}`, TESTERS[0])).tone).toBe('ok');
    expect((await t.say(`!release advance --force ${CONTROLS} ok by mail`)).tone).toBe('ok');
    expect((await t.say(`!release restart bitswap${CONTROLS}`)).tone).toBe('ok');
    await t.say('!release new v0.6.0');
    expect((await t.say(`!release abort v0.6.0 dup${CONTROLS}`)).tone).toBe('ok');
    const stored = [
      ...column('SELECT note AS v FROM answers'),
      ...column('SELECT reason AS v FROM events'),
      ...column('SELECT summary AS v FROM events'),
      ...column('SELECT payload AS v FROM outbox'),
    ];
    expect(stored.join(' ')).toContain('PRIVMSG #ipfs :forged');
    for (const text of stored) expect(text.replace(/\\n/g, ' ')).not.toMatch(/\\u000[0-9a-f]|\\u001[0-9a-f]/);
    for (const text of [...column('SELECT note AS v FROM answers'), ...column('SELECT reason AS v FROM events')]) expect(text).not.toMatch(UNSAFE);
    // Each post is printed as `[destination] first line`: no person's text started a line of its own.
    const output = t.takeOutput();
    expect(output).not.toMatch(/^\s*PRIVMSG/m);
    expect(output).not.toMatch(/[\u0000\u0002\u0003\u000f\u0016\u001d\u001f]/);
  });
});

describe('versions that look right but are not ASCII', () => {
  it.each([
    ['fullwidth zero', 'v０.5.0', 'U+FF10'],
    ['Arabic-Indic zero', 'v٠.5.0', 'U+0660'],
    ['mathematical bold zero', 'v𝟎.5.0', 'U+1D7CE'],
    ['right-to-left override', '\u202ev0.5.0', 'U+202E'],
    ['zero-width space', 'v0.5\u200b.0', 'U+200B'],
    ['byte-order mark at the end', 'v0.5.0\ufeff', 'U+FEFF'],
    ['word joiner', 'v0.\u20605.0', 'U+2060'],
  ])('%s: refused, the character named, nothing created', async (_name, version, named) => {
    const before = t.snapshot();
    for (const command of [`!release new ${version}`, `!release status ${version}`, `!release abort ${version} oops`, `!testers ${version}`]) {
      const said = await t.say(command);
      expect(said.tone).toBe('refused');
      expect(said.text).toContain(named);
      expect(said.text).toMatch(/is not a release version/);
      // The reply never carries the direction or invisible character itself.
      expect(said.text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/);
    }
    expect(t.snapshot()).toEqual(before);
    expect(t.takePosts()).toEqual([]);
  });
});

describe('over-long arguments and over-long lines', () => {
  // Within the line cap, each argument's own limit answers; over the cap, nothing reads the line at all.
  const big = 'x'.repeat(3_000);
  const huge = 'x'.repeat(64 * 1024);
  const overCap = /^That message is too long \(65,5\d\d characters; the limit is 4,000\)\. Nothing was changed\.$/;
  it.each([
    ['a note', `!tested issue ${big}`, TESTERS[0], /The note is too long \(3000 characters; at most 1000\)/],
    ['a reason', `!release restart ${big}`, 'lead', /The reason is too long/],
    ['a forced advance', `!release advance --force ${big}`, 'lead', /The reason is too long/],
    ['a version', `!release new v${big}`, 'lead', /is not a release version/],
    ['a command name', `!${big}`, 'lead', /^Unknown command !x{40}\./],
    ['an answer', `!tested ${big}`, TESTERS[0], /is not a valid answer/],
    ['a 64 KB note', `!tested issue ${huge}`, TESTERS[0], overCap],
    ['a 64 KB reason', `!release restart ${huge}`, 'lead', overCap],
    ['a 64 KB command name', `!${huge}`, 'lead', overCap],
    ['a 64 KB command from a guest', `!release new v0.6.0 ${huge}`, 'guest', overCap],
  ])('%s: refused with a short answer, nothing changed', async (_name, text, as, answer) => {
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    t.takeOutput();
    const before = t.snapshot();
    const said = await t.say(text, as);
    expect(said.tone).toBe('refused');
    expect(said.text).toMatch(answer);
    expect(said.text.length).toBeLessThan(400);
    expect(t.snapshot()).toEqual(before);
    expect(t.takePosts()).toEqual([]);
  });
});
