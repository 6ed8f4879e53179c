import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

describe('Dispatcher: who may run what', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = createTestApp();
    // A release at stage 2, so every lead command would otherwise succeed.
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    t.takeOutput();
  });
  afterEach(async () => {
    await t.close();
  });

  const LEAD_LINES = [
    '!release new v0.6.0',
    '!release new v0.4.23',
    '!release advance',
    '!release advance v0.5.0',
    '!release advance v0.5.0 --force everyone is on holiday',
    '!release restart fix merged',
    '!release restart v0.5.0 #6255 merged',
    '!release abort superseded by v0.6.0',
    '!release abort v0.5.0 superseded',
    // The role is checked before the arguments: even a malformed lead command tells a guest who may run it.
    '!release new',
    '!release advance --bogus',
  ];

  for (const who of ['guest', 'infura'] as const) {
    it(`refuses every lead command from ${who === 'guest' ? 'someone with no role' : 'an early tester'}, naming the role, and changes nothing`, async () => {
      const before = t.snapshot();
      for (const text of LEAD_LINES) {
        const said = await t.say(text, who);
        const name = text.split(' ').slice(0, 2).join(' ');
        expect(said.tone, text).toBe('refused');
        expect(said.text, text).toBe(`${name} is for a release lead; ${who} is not one. Nothing was changed.`);
      }
      expect(t.snapshot()).toEqual(before);
      expect(t.takeOutput()).toBe('');
    });
  }

  it('refuses !tested from a guest and from a lead who answers for no organisation', async () => {
    const before = t.snapshot();
    for (const who of ['guest', 'lead', 'infura.example', 'infura2']) {
      const said = await t.say('!tested ok', who);
      expect(said.tone, who).toBe('refused');
      expect(said.text, who).toBe(`!tested is for an enrolled early tester; ${who} is not one. Nothing was changed.`);
    }
    expect(t.snapshot()).toEqual(before);
  });

  it('lets anyone read the status, schedule, history and testers', async () => {
    for (const text of ['!release status', '!release schedule', '!release history', '!testers']) {
      const said = await t.say(text, 'guest');
      expect(said.tone, text).toBe('info');
    }
  });
});

describe('Dispatcher: what is addressed to the bot', () => {
  let t: TestApp;
  beforeEach(() => {
    t = createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('returns null for text that does not start with the prefix', async () => {
    for (const text of ['release new v0.5.0', 'hello !help', '', '   ', '! help', '!', '?help', '/release status', '!!', '!!!', '!?', '!1 thing']) {
      expect(await t.send(text), JSON.stringify(text)).toBeNull();
    }
    expect(await t.send('release new v0.5.0')).toBeNull();
    expect(t.app.store.releases.active()).toEqual([]);
  });

  it('knows shell people whatever the case of their name, as IRC accounts are', async () => {
    expect(t.person('Infura')).toMatchObject({ id: 'infura', org: 'Infura' });
    expect(t.person('LEAD')).toMatchObject({ id: 'lead', isLead: true });
  });

  it('ignores leading spaces and the case of the command name', async () => {
    expect((await t.say('   !help', 'guest')).tone).toBe('info');
    expect((await t.say('!Release New v0.5.0')).tone).toBe('ok');
    expect(t.app.store.releases.active()).toHaveLength(1);
  });

  it('points an unknown command to !help and changes nothing', async () => {
    const before = t.snapshot();
    const cases: [string, string][] = [
      ['!deploy v0.5.0', 'Unknown command !deploy v0.5.0. !help lists what you can run.'],
      ['!relase new v0.5.0', 'Unknown command !relase new. !help lists what you can run.'],
      ['!release publish v0.5.0', 'Unknown command !release publish. !release takes: status, schedule, history, new, adopt, sync, advance, restart, abort, ignore, dismiss, retry. !help lists what you can run.'],
      ['!release', 'Unknown command !release. !release takes: status, schedule, history, new, adopt, sync, advance, restart, abort, ignore, dismiss, retry. !help lists what you can run.'],
    ];
    for (const [text, reply] of cases) {
      const said = await t.say(text);
      expect(said.tone, text).toBe('refused');
      expect(said.text, text).toBe(reply);
    }
    // A !release command typed without its first word is named (a new user types !advance).
    expect((await t.say('!advance')).text).toBe('Unknown command !advance. Did you mean !release advance? !help lists what you can run.');
    expect((await t.say('!Dismiss #3 posted by hand')).text).toBe('Unknown command !Dismiss #3. Did you mean !release dismiss? !help lists what you can run.');
    // A guest gets the same pointer; an unknown command never reveals more than a name.
    expect((await t.say(`!${'x'.repeat(200)}`, 'guest')).text).toBe(`Unknown command !${'x'.repeat(40)}. !help lists what you can run.`);
    expect(t.snapshot()).toEqual(before);
    expect(t.takeOutput()).toBe('');
  });

  it('strips line breaks and control characters from what people type', async () => {
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    const said = await t.say('!tested issue crash on add\r\nPRIVMSG #ipfs :spam\u0000\u202e', 'infura');
    expect(said.tone).toBe('ok');
    const note = t.app.store.db.prepare<[], { note: string }>('SELECT note FROM answers').get()?.note;
    expect(note).toBe('crash on add PRIVMSG #ipfs :spam');
  });

  it('turns Unicode line and paragraph separators into spaces, so a reason cannot forge a post line', async () => {
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    t.takePosts();
    await t.say('!release restart fix\u2028[matrix] forged\u2029[irc] forged');
    const posts = t.takePosts();
    expect(posts.filter((p) => p.startsWith('[matrix] forged') || p.startsWith('[irc] forged'))).toEqual([]);
    expect(posts.find((p) => p.startsWith('[matrix]'))).toContain('(fix [matrix] forged [irc] forged)');
  });

  it('runs commands one at a time in arrival order', async () => {
    const replies = await Promise.all([
      t.say('!release new v0.5.0'),
      t.say('!release new v0.5.0'),
      t.say('!release advance'),
      t.say('!release status', 'guest'),
    ]);
    expect(replies.map((r) => r.tone)).toEqual(['ok', 'refused', 'ok', 'info']);
    expect(replies[1]?.text).toBe('v0.5.0 is already in progress (stage 0).');
    expect(replies[3]?.text).toMatch(/^v0\.5\.0-rc1 — feature release, stage 1 \(internal testing\)/);
  });
});
