/**
 * Hostile input through the whole app on Matrix (the fake homeserver, which refuses events over 64 KiB as
 * Synapse does): HTML and a Matrix pill typed into a tester's note are escaped in formatted_body and
 * mention nobody; a 64 KB command gets a short refusal; a `!testers` matrix of 400 organisations, which
 * does not fit in one event, is answered with its first rows and a line saying how many were left out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { MAX_CONTENT_BYTES } from '../../../src/chat/matrix/fit-reply.js';
import { SimulatedCi } from '../../../src/desk/ci-source.js';
import type { FakeEvent, FakeHomeserver } from '../../unit/chat/matrix/fake-homeserver.js';
import { startMatrixApp } from '../../unit/chat/matrix/matrix-app-harness.js';
import { ALICE, BOB, until } from '../../unit/chat/matrix/harness.js';
import { shapeOf } from '../html-shape.js';
import { snapshotStore } from '../../helpers/store-snapshot.js';

const EXTRA_ORGS = 400;
const NOTE = '<a href="https://matrix.to/#/@x:y">x</a> <b>bold</b> <img src=x onerror=alert(1)> @room @x:y';

let app: App;
let fake: FakeHomeserver;
let release: string;
let testers: string;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const extraPeople = Array.from({ length: EXTRA_ORGS }, (_, i) => `  p${i}: { name: "Person ${i}", shell: p${i} }`).join('\n');
  const extraOrgs = Array.from({ length: EXTRA_ORGS }, (_, i) => `  - { org: "Organisation number ${i}", people: [p${i}], environments: [dev, prod] }`).join('\n');
  ({ app, fake, release, testers, stop } = await startMatrixApp({
    morePeople: extraPeople,
    testers: `  - { org: Infura, people: [bob], environments: [dev, prod] }\n${extraOrgs}`,
  }));
  new SimulatedCi(app.store.settings).set('pass');
  for (const command of ['!release new v0.5.0', '!release advance', '!release advance']) await ask(release, ALICE, command);
}, 60_000);
afterAll(async () => {
  await stop?.();
});

/** Sends `body` as `sender` and returns the bot's reply to it (posts it causes are delivered too). */
async function ask(room: string, sender: string, body: string): Promise<FakeEvent> {
  const command = fake.say(room, sender, { msgtype: 'm.text', body });
  const replyTo = (e: FakeEvent): boolean => (e.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined)?.['m.in_reply_to']?.event_id === command.event_id;
  await until(() => fake.botMessages(room).some(replyTo), `the reply to ${body.slice(0, 40)}`, 20_000);
  await app.worker.idle();
  return fake.botMessages(room).find(replyTo)!;
}

const allBotMessages = (): FakeEvent[] => [...fake.botMessages(release), ...fake.botMessages(testers)];

it('HTML and a pill in a tester’s note are escaped everywhere and mention no one', async () => {
  const reply = await ask(testers, BOB, `!tested issue ${NOTE}`);
  expect(reply.content['body']).toMatch(/^Recorded/);
  const statusReply = await ask(release, ALICE, '!release status');
  expect(String(statusReply.content['body'])).toContain('<b>bold</b>');
  for (const event of allBotMessages()) {
    const html = String(event.content['formatted_body'] ?? '');
    for (const element of shapeOf(html, true).elements) {
      expect(element).not.toMatch(/^<(b|img|script)\b/);
      if (element.startsWith('<a')) expect(element).toMatch(new RegExp(`^<a href=https://matrix\\.to/#/(${ALICE}|${BOB})>$`));
    }
    const mentions = (event.content['m.mentions'] as { user_ids?: string[] } | undefined)?.user_ids ?? [];
    for (const id of mentions) expect([ALICE, BOB]).toContain(id);
    expect(mentions).not.toContain('@x:y');
  }
});

it('a 64 KB command gets a short refusal and changes nothing', async () => {
  const before = snapshotStore(app.store);
  const reply = await ask(release, ALICE, `!release restart ${'x'.repeat(64 * 1024)}`);
  expect(reply.content['body']).toBe('That message is too long (65,553 characters; the limit is 4,000). Nothing was changed.');
  expect(snapshotStore(app.store)).toEqual(before);
});

it('a !testers matrix of 400 organisations is cut to fit one event and says how many rows were left out', async () => {
  const reply = await ask(release, ALICE, '!testers');
  expect(Buffer.byteLength(JSON.stringify(reply.content))).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
  const body = String(reply.content['body']);
  const left = /… \((\d+) more rows; the status page has them all\)$/.exec(body);
  expect(left).not.toBeNull();
  const shown = (body.match(/Organisation number \d+/g) ?? []).length;
  expect(shown).toBeGreaterThan(50);
  expect(shown + Number(left?.[1])).toBeGreaterThanOrEqual(EXTRA_ORGS);
  expect(String(reply.content['formatted_body'])).toContain('the status page has them all');
});
