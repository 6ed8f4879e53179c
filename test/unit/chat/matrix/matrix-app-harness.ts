/**
 * The whole app (src/app.ts) with chat.matrix pointing at a FakeHomeserver, on a manual clock and a temporary
 * data directory: the set-up shared by the app-level Matrix tests. Alice is the lead and Bob a person; each
 * test names its testers (and any further people) in config YAML.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../../../src/app.js';
import { loadConfigFile } from '../../../../src/config/load.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { AdjustableClock } from '../../../../src/ground/clock.js';
import { ALL_NETWORK_MODULES } from '../../../helpers/network-modules.js';
import { FakeHomeserver, SERVER_NAME } from './fake-homeserver.js';
import { ALICE, BOB, T0 } from './harness.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../../config/', import.meta.url));

export interface MatrixAppOptions {
  /** YAML lines (indented two spaces) under `people:`, after Alice and Bob. */
  readonly morePeople?: string;
  /** YAML lines (list items, indented two spaces) under `testers:`. */
  readonly testers: string;
  /** Who joins the testers' room at the start, besides the bot. */
  readonly testersRoomMembers?: readonly string[];
}

export interface MatrixApp {
  readonly app: App;
  readonly fake: FakeHomeserver;
  readonly clock: AdjustableClock;
  readonly release: string;
  readonly testers: string;
  /** Stops the app and the fake homeserver and removes the data directory. */
  stop(): Promise<void>;
}

export async function startMatrixApp(options: MatrixAppOptions): Promise<MatrixApp> {
  const clock = AdjustableClock.manual(T0);
  const fake = await new FakeHomeserver(() => clock.now()).listen();
  const release = fake.createRoom({ alias: `#release:${SERVER_NAME}` });
  const testers = fake.createRoom({ alias: `#testers:${SERVER_NAME}` });
  for (const user of options.testersRoomMembers ?? []) fake.join(testers, user);
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-matrix-app-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    `project: { name: go-ipfs, repo: ipfs/go-ipfs }
people:
  alice: { name: Alice, matrix: "${ALICE}" }
  bob: { name: Bob, matrix: "${BOB}" }
${options.morePeople ?? ''}
leads: [alice]
testers:
${options.testers}
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
  const stop = async (): Promise<void> => {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await app.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { app, fake, clock, release, testers, stop };
}
