/**
 * The whole app (createApp, as src/main.ts builds it) with chat.irc configured, against the fake server:
 * the IRC network is wired in for commands, replies and posts.
 */
import { afterEach, expect, it } from 'vitest';
import { startIrcApp, type IrcApp } from './irc-app-harness.js';
import { eventually } from './irc-test-kit.js';

let started: IrcApp | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

it('runs a lead command from IRC, refuses the same nick without the account, and posts a notice once', async () => {
  started = await startIrcApp();
  const { app, ircd, clock } = started;
  expect(app.networks.map((n) => n.connected())).toEqual([true]);

  ircd.say({ nick: 'alice' }, '#release', '!release new v0.5.0');
  await ircd.until(() => ircd.privmsgs().length === 1);
  expect(ircd.privmsgs()[0]).toMatch(/^#release alice: !release new is for a release lead; alice is not one/);

  ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!release new v0.5.0');
  await ircd.until(() => ircd.privmsgs().length === 4);
  expect(ircd.privmsgs()[1]).toMatch(/^#release alice: Started v0.5.0/);

  const before = ircd.privmsgs().length;
  expect(app.desk.notify({ key: 'remind:irc:1', text: 'Stage 0 of v0.5.0 is overdue.' })).toBe(true);
  expect(app.desk.notify({ key: 'remind:irc:1', text: 'Stage 0 of v0.5.0 is overdue.' })).toBe(false);
  // The two replies used the send queue's burst of 4 lines: the notice waits for the next token.
  await clock.advanceBy(1_000);
  await app.worker.idle();
  await ircd.sync();
  expect(ircd.privmsgs().slice(before)).toEqual(['#release alice: Stage 0 of v0.5.0 is overdue.']);
  await eventually(() => app.store.outbox.pendingCount() === 0);
});
