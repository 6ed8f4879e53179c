/**
 * Builds the real Matrix network (createMatrixNetwork) against a FakeHomeserver, on a manual clock, a
 * temporary SQLite store and a logger whose lines the test can read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createMatrixNetwork, type MatrixTuning } from '../../../../src/chat/matrix/matrix-network.js';
import type { ChatNetwork } from '../../../../src/chat/network.js';
import type { InboundMessage } from '../../../../src/chat/port.js';
import type { OutboxEffect } from '../../../../src/ground/effects.js';
import type { MatrixConfig } from '../../../../src/config/chat-config.js';
import { loadConfigFile } from '../../../../src/config/load.js';
import { Roster } from '../../../../src/people/roster.js';
import { AdjustableClock, type Clock } from '../../../../src/ground/clock.js';
import { Store } from '../../../../src/store/store.js';
import { FakeHomeserver, SERVER_NAME } from './fake-homeserver.js';

export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const ALICE = `@alice:${SERVER_NAME}`;
export const BOB = `@bob:${SERVER_NAME}`;
export const MALLORY = `@mallory:${SERVER_NAME}`;
const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../../../config/default.yaml', import.meta.url));

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface Harness {
  readonly fake: FakeHomeserver;
  readonly clock: AdjustableClock;
  readonly store: Store;
  readonly rooms: { readonly release: string; readonly testers: string; readonly announce: string };
  readonly config: MatrixConfig;
  readonly logs: LogLine[];
  /** Every wait the network scheduled on the clock, in ms from when it was scheduled. */
  readonly waits: number[];
  /** A fresh network on the same store and homeserver (a restart); `env` replaces the one holding the token. */
  network(tuning?: MatrixTuning, override?: { config?: MatrixConfig; env?: NodeJS.ProcessEnv }): ChatNetwork;
  /** Start a network; returns every message it hands over (the array grows). */
  start(network: ChatNetwork, onMessage?: (m: InboundMessage) => Promise<void>): Promise<InboundMessage[]>;
  /** The next message handed over that this has not returned yet. */
  nextMessage(): Promise<InboundMessage>;
  close(): Promise<void>;
}

export async function createHarness(options: { encryptedAnnounce?: boolean } = {}): Promise<Harness> {
  const clock = AdjustableClock.manual(T0);
  const fake = await new FakeHomeserver(() => clock.now()).listen();
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-matrix-'));
  const store = Store.open(join(dir, 'stagehand.db'));
  const release = fake.createRoom({ alias: `#release:${SERVER_NAME}` });
  const testers = fake.createRoom({ alias: `#testers:${SERVER_NAME}` });
  const announce = fake.createRoom({ encrypted: options.encryptedAnnounce ?? false });
  for (const room of [release, testers, announce]) {
    fake.join(room, ALICE, 'Alice <Lead>');
    fake.join(room, BOB);
  }
  const config: MatrixConfig = {
    homeserverUrl: fake.url,
    accessToken: { env: 'TEST_MATRIX_TOKEN' },
    rooms: { release: [`#release:${SERVER_NAME}`], testers: [`#testers:${SERVER_NAME}`], announce: [announce] },
  };
  const roster = new Roster({
    people: { alice: { name: 'Alice', matrix: ALICE }, bob: { name: 'Bob', matrix: BOB }, mallory: { name: 'Mallory', matrix: MALLORY } },
    leads: ['alice'],
    testers: [{ org: 'Infura', people: ['bob'], environments: ['dev'] }],
  } as unknown as ConstructorParameters<typeof Roster>[0]);
  const logs: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        callback();
      },
    }),
  );
  const loaded = loadConfigFile(DEFAULT_CONFIG_FILE);
  const waits: number[] = [];
  const watchedClock: Clock = {
    now: () => clock.now(),
    schedule: (at, task) => {
      waits.push(at - clock.now());
      return clock.schedule(at, task);
    },
  };
  const started: ChatNetwork[] = [];
  const received: InboundMessage[] = [];
  const waiting: ((m: InboundMessage) => void)[] = [];
  let cursor = 0;
  const flush = (): void => {
    while (waiting.length > 0 && cursor < received.length) waiting.shift()!(received[cursor++]!);
  };
  return {
    fake,
    clock,
    store,
    rooms: { release, testers, announce },
    config,
    logs,
    waits,
    network: (tuning, override = {}) =>
      createMatrixNetwork(
        override.config ?? config,
        { loaded, dataDir: dir, log, clock: watchedClock, roster, store, env: override.env ?? { TEST_MATRIX_TOKEN: fake.token } },
        tuning,
      ),
    async start(network, onMessage) {
      started.push(network);
      await network.adapter.start(async (m) => {
        received.push(m);
        flush();
        await onMessage?.(m);
      });
      return received;
    },
    nextMessage() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        flush();
      });
    },
    async close() {
      for (const n of started) await n.adapter.stop();
      clock.clear();
      await fake.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for a condition that a real local server brings about (polls; no fixed sleep). */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** An outbox row for the publisher, as the worker would hand it over. */
export function announceEffect(overrides: Partial<OutboxEffect> & { text?: string; mentions?: string[] } = {}): OutboxEffect {
  const { text = 'v0.5.0-rc1 is out for testing', mentions, ...rest } = overrides;
  return {
    id: 1,
    key: 'release:v0.5.0:stage2:announce',
    destination: 'matrix',
    target: `#release:${SERVER_NAME}`,
    payload: { action: 'announce', text, audience: 'release', ...(mentions ? { mentions } : {}) },
    release: 'v0.5.0',
    attempts: 0,
    createdAt: T0,
    ...rest,
  };
}
