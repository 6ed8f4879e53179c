/**
 * The whole app (src/app.ts) with chat.matrix pointing at the fake homeserver: commands and replies go
 * through the real dispatcher, notices through the real outbox worker and the Matrix publisher.
 */
import { ALL_NETWORK_MODULES } from '../../../helpers/network-modules.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../src/app.js';
import { loadConfigFile } from '../../../../src/config/load.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { AdjustableClock } from '../../../../src/schedule/clock.js';
import { FakeHomeserver, SERVER_NAME } from './fake-homeserver.js';
import { ALICE, BOB, T0, until } from './harness.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../../config/', import.meta.url));

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function matrixApp(): Promise<{ app: App; fake: FakeHomeserver; clock: AdjustableClock; release: string; testers: string }> {
  const clock = AdjustableClock.manual(T0);
  const fake = await new FakeHomeserver(() => clock.now()).listen();
  const release = fake.createRoom({ alias: `#release:${SERVER_NAME}` });
  const testers = fake.createRoom({ alias: `#testers:${SERVER_NAME}` });
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-matrix-app-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    `project: { name: go-ipfs, repo: ipfs/go-ipfs }
people:
  alice: { name: Alice, matrix: "${ALICE}" }
  bob: { name: Bob, matrix: "${BOB}" }
leads: [alice]
testers:
  - { org: Infura, people: [bob], environments: [dev, prod] }
cadence: { anchor: "2019-09-09", everyWeeks: 6 }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
chat:
  matrix:
    homeserverUrl: ${fake.url}
    accessToken: { env: STAGEHAND_MATRIX_TOKEN }
    rooms: { release: ["#release:${SERVER_NAME}"], testers: ["#testers:${SERVER_NAME}"], announce: ["#release:${SERVER_NAME}"] }
`,
  );
  const app = createApp({
    modules: ALL_NETWORK_MODULES,
    loaded: loadConfigFile(file),
    dataDir: dir,
    log: silentLogger(),
    clock,
    io: { input: new PassThrough(), output: new PassThrough(), interactive: false },
    env: { STAGEHAND_MATRIX_TOKEN: fake.token },
  });
  cleanup = async () => {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await app.start();
  return { app, fake, clock, release, testers };
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
