/**
 * The authorisation matrix: every lead-only command in the registry (so a command added later is covered
 * without touching this file), each of its documented examples, sent by a guest, an enrolled tester and a
 * stranger from the shell, and on IRC by a lead's nick without an account or logged in to another
 * account. Each is refused with an answer that names the role, and every SQLite table (releases, events,
 * answers, outbox, settings...) is exactly as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { createTestApp, TESTERS, type TestApp } from '../../helpers/test-app.js';
import { startIrcApp, type IrcApp } from '../../unit/chat/irc/irc-app-harness.js';
import { snapshotStore } from '../../helpers/store-snapshot.js';

const LEAD_ONLY = COMMANDS.filter((c) => c.role === 'lead');
const EXAMPLES = LEAD_ONLY.flatMap((c) => c.examples.map((example) => [c.name, example] as const));
const REFUSED = /is for a release lead; .+ is not one\. Nothing was changed\./;

it('the registry has lead-only commands, each with examples', () => {
  expect(LEAD_ONLY.map((c) => c.name)).toEqual(expect.arrayContaining(['release new', 'release advance', 'release abort', 'release restart']));
  for (const c of LEAD_ONLY) expect(c.examples.length, c.name).toBeGreaterThan(0);
});

describe('from the shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = createTestApp();
    t.ci.set('pass');
    // A release in testing, so every example would do something if the sender were allowed.
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    t.takeOutput();
  });
  afterAll(() => t.close());

  it.each(EXAMPLES.flatMap(([name, example]) => ['guest', TESTERS[0], 'stranger'].map((as) => [name, as, example] as const)))(
    '%s as %s: %s',
    async (_name, as, example) => {
      const before = t.snapshot();
      const said = await t.say(example, as);
      expect(said.tone).toBe('refused');
      expect(said.text).toMatch(REFUSED);
      expect(t.snapshot()).toEqual(before);
      expect(t.takeOutput()).toBe('');
    },
  );
});

describe('on IRC, a lead’s nick without the lead’s account', () => {
  let irc: IrcApp;
  beforeAll(async () => {
    irc = await startIrcApp();
    // The real lead starts a release, so the spoofed commands have something to act on.
    expect(await irc.say({ nick: 'alice', account: 'alice' }, '!release new v0.5.0')).toMatch(/^#release alice: Started v0.5.0/);
  });
  afterAll(() => irc.close());

  it.each(EXAMPLES.flatMap(([name, example]) => [['no account', undefined], ['mallory’s account', 'mallory'], ['a tester’s account', 'tess']].map(([who, account]) => [name, who, example, account] as const)))(
    '%s from nick alice with %s: %s',
    async (_name, _who, example, account) => {
      const before = snapshotStore(irc.app.store);
      const reply = await irc.say({ nick: 'alice', ...(account ? { account } : {}) }, example);
      expect(reply).toMatch(REFUSED);
      expect(snapshotStore(irc.app.store)).toEqual(before);
    },
  );
});
