/**
 * A whole Stagehand built the way src/main.ts builds it (createApp with config/default.yaml), but on a
 * temporary data directory, a manual clock, a silent logger and in-memory streams. Tests talk to it through
 * the real Dispatcher as a named person and read what it would post from the captured output.
 */
import { ALL_NETWORK_MODULES } from './network-modules.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { renderPlain } from '../../src/commands-kit/render-plain.js';
import type { Reply } from '../../src/commands-kit/reply.js';
import { loadConfigFile, type LoadedConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { SimulatedCi } from '../../src/desk/ci-source.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { Roster, type Person } from '../../src/people/roster.js';
import { AdjustableClock } from '../../src/ground/clock.js';
import { snapshotStore } from './store-snapshot.js';

export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../config/default.yaml', import.meta.url));
/** A Monday, and a branch day of the default cadence (2019-09-09 + 55 × 6 weeks). */
export const TEST_START = Date.parse('2026-01-05T09:00:00Z');
/** The six early-tester organisations' shell names in config/default.yaml. */
export const TESTERS = ['infura', 'textile', 'pinata', 'rtrade', 'qri', 'siderus'] as const;

export interface Said {
  readonly tone: Reply['tone'];
  /** The reply as the shell prints it, one string. */
  readonly text: string;
  readonly lines: readonly string[];
}

export interface TestApp {
  readonly app: App;
  readonly loaded: LoadedConfig;
  readonly dataDir: string;
  readonly clock: AdjustableClock;
  readonly ci: SimulatedCi;
  person(name: string): Person;
  /** Send `text` as `as` (default: the lead) and wait until its posts are delivered; null if not addressed to the bot. */
  send(text: string, as?: string): Promise<Said | null>;
  /** Like send, but the text must be a command. */
  say(text: string, as?: string): Promise<Said>;
  /** Everything printed since the last call (posts as `[destination] …` lines). */
  takeOutput(): string;
  /** The `[destination] …` first lines printed since the last takeOutput. */
  takePosts(): string[];
  /** Every table's rows, sorted, for before/after comparisons. */
  snapshot(): Record<string, string[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly start?: number;
  readonly configFile?: string;
  /** Change the loaded configuration (a time zone, a schedule) before the app is built. */
  readonly configure?: (config: Config) => Config;
  /** Wraps every publisher (crash injection). */
  readonly decoratePublisher?: AppOptions['decoratePublisher'];
  readonly backoff?: AppOptions['backoff'];
  /** Share a data directory (a restart, a second instance); the caller removes it. */
  readonly dataDir?: string;
  /** Where the app logs (default: nowhere). */
  readonly log?: Logger;
}

export function createTestApp(options: TestAppOptions = {}): TestApp {
  const file = loadConfigFile(options.configFile ?? DEFAULT_CONFIG_FILE);
  const loaded = options.configure ? { ...file, config: options.configure(file.config) } : file;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stagehand-test-'));
  const clock = AdjustableClock.manual(options.start ?? TEST_START);
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      printed += String(chunk);
      callback();
    },
  });
  const app = createApp({
    modules: ALL_NETWORK_MODULES,
    loaded,
    dataDir,
    log: options.log ?? silentLogger(),
    clock,
    io: { input: new PassThrough(), output, interactive: false },
    ...(options.decoratePublisher ? { decoratePublisher: options.decoratePublisher } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const roster = new Roster(loaded.config);
  const ci = new SimulatedCi(app.store.settings);
  const leadName = loaded.config.people[loaded.config.leads[0] ?? '']?.shell ?? 'lead';

  async function send(text: string, as: string = leadName): Promise<Said | null> {
    const reply = await app.dispatcher.handle(text, roster.identify('shell', as, as));
    await app.worker.idle();
    if (reply === null) return null;
    const lines = renderPlain(reply);
    return { tone: reply.tone, lines, text: lines.join('\n') };
  }

  function takeOutput(): string {
    const out = printed;
    printed = '';
    return out;
  }

  return {
    app,
    loaded,
    dataDir,
    clock,
    ci,
    person: (name) => roster.identify('shell', name, name),
    send,
    async say(text, as) {
      const said = await send(text, as);
      if (said === null) throw new Error(`${JSON.stringify(text)} got no reply`);
      return said;
    },
    takeOutput,
    takePosts: () =>
      takeOutput()
        .split('\n')
        .filter((l) => l.startsWith('[')),
    snapshot: () => snapshotStore(app.store),
    async close() {
      await app.stop();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts v0.5.0 and, with CI green, advances it to stage 2 (community dev testing). */
export async function startInDevTesting(t: TestApp): Promise<void> {
  const ok = async (command: string): Promise<void> => {
    const said = await t.say(command);
    if (said.tone !== 'ok') throw new Error(`${command} was refused: ${said.text}`);
  };
  await ok('!release new v0.5.0');
  t.ci.set('pass');
  await ok('!release advance');
  await ok('!release advance');
}

/** Every enrolled organisation answers `ok` for the release's current stage. */
export async function allTestersOk(t: TestApp, version = ''): Promise<void> {
  for (const name of TESTERS) {
    const said = await t.say(`!tested ${version ? `${version} ` : ''}ok`, name);
    if (said.tone !== 'ok') throw new Error(`${name}'s !tested ok was refused: ${said.text}`);
  }
}
