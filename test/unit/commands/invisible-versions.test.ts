import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.close());

it.each([
  ['a zero-width space', '!release new v0.5.0\u200b', 'U+200B'],
  ['a direction override', '!release new \u202ev0.5.0', 'U+202E'],
  ['a byte-order mark, which trim() would take for a space', '!release new v0.5.0\ufeff', 'U+FEFF'],
  ['a zero-width joiner inside an optional version', '!release abort v\u200d0.5.0 bye', 'U+200D'],
])('a version with %s is refused with the code point named, not read as another version', async (_name, line, named) => {
  const before = t.snapshot();
  const said = await t.say(line);
  expect(said.tone).toBe('refused');
  expect(said.text).toContain(`${named} (invisible or direction marks)`);
  expect(said.text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\ufeff]/);
  expect(t.snapshot()).toEqual(before);
});

it('invisible characters elsewhere do not stop a command: names, answers and notes are read without them', async () => {
  expect((await t.say('!release \u200bnew v0.5.0')).tone).toBe('ok');
  await t.say('!release advance');
  await t.say('!release advance');
  expect((await t.say('!tested o\u200bk looks \u202egood', 'infura')).tone).toBe('ok');
  expect(t.app.store.db.prepare<[], { note: string }>('SELECT note FROM answers').get()?.note).toBe('looks good');
});
