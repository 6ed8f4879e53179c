/**
 * The whole app (src/app.ts) with chat.matrix pointing at the fake homeserver: commands and replies go
 * through the real dispatcher, notices through the real outbox worker and the Matrix publisher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMatrixApp, type MatrixApp } from './matrix-app-harness.js';
import { ALICE, T0, until } from './harness.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function matrixApp(): Promise<MatrixApp> {
  const started = await startMatrixApp({ testers: '  - { org: Infura, people: [bob], environments: [dev, prod] }' });
  cleanup = started.stop;
  return started;
}

describe('Matrix in the app', () => {
  it('runs a lead’s command and answers in a Matrix reply', async () => {
    const { app, fake, release } = await matrixApp();
    expect(app.networks.map((n) => n.connected())).toEqual([true]);
    const command = fake.say(release, ALICE, { msgtype: 'm.text', body: '!release status' });
    await until(() => fake.botMessages(release).length === 1, 'the reply');
    const [answer] = fake.botMessages(release);
    expect(answer?.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: command.event_id } });
    expect(answer?.content['body']).toMatch(/release/i);
  });

  it('says it was offline instead of running a lead’s command read long after it was sent', async () => {
    const { fake, release } = await matrixApp();
    fake.say(release, ALICE, { msgtype: 'm.text', body: '!release abort' }, T0 - 30 * 60_000);
    await until(() => fake.botMessages(release).length === 1, 'the reply');
    expect(fake.botMessages(release)[0]?.content['body']).toMatch(/^I was offline when you sent !release abort/);
  });

  it('delivers a notice to the leads once, with a pill, through the outbox', async () => {
    const { app, fake, release } = await matrixApp();
    expect(app.desk.notify({ key: 'test-notice', text: 'CI is red on release-v0.5.0' })).toBe(true);
    await app.worker.idle();
    const posts = fake.botMessages(release);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.content).toMatchObject({
      msgtype: 'm.text',
      body: 'Alice: CI is red on release-v0.5.0',
      'm.mentions': { user_ids: [ALICE] },
      'org.stagehand.key': 'test-notice:matrix@#release:fake.test',
    });
    expect(app.desk.notify({ key: 'test-notice', text: 'again' })).toBe(false);
    await app.worker.idle();
    expect(fake.botMessages(release)).toHaveLength(1);
  });
});
