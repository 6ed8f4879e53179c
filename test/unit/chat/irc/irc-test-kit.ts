/**
 * Builds the real IRC network (createIrcNetwork) against a FakeIrcd, on a manual clock and a real store in
 * a temporary folder, as the composition root would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIrcNetwork } from '../../../../src/chat/irc/irc-network.js';
import type { ChatNetwork } from '../../../../src/chat/network.js';
import type { InboundMessage } from '../../../../src/chat/port.js';
import type { OutboxEffect } from '../../../../src/ground/effects.js';
import { parseConfig, type LoadedConfig } from '../../../../src/config/load.js';
import { silentLogger, type Logger } from '../../../../src/log/logger.js';
import { Roster } from '../../../../src/people/roster.js';
import { AdjustableClock } from '../../../../src/ground/clock.js';
import { Store } from '../../../../src/store/store.js';
import type { FakeIrcd } from './fake-ircd.js';

export const T0 = Date.parse('2026-01-05T09:00:00Z');
export const BOT_PASSWORD = 'bot-secret';

/** An announcement effect for one channel, as the outbox hands it to the IRC publisher. */
export const announce = (key: string, target: string, text: string, mentions: string[] = []): OutboxEffect => ({
  id: 1,
  key,
  destination: 'irc',
  target,
  release: null,
  attempts: 0,
  createdAt: T0,
  payload: { action: 'announce', text, audience: 'announce', mentions },
});

export interface IrcKit {
  readonly network: ChatNetwork;
  readonly clock: AdjustableClock;
  readonly store: Store;
  readonly inbox: InboundMessage[];
  /** The adapter's start(): resolves once in the channels or after a first failed attempt. */
  readonly started: Promise<void>;
  /** Resolves once `count` messages have arrived in the inbox. */
  messages(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface KitOptions {
  /** Extra YAML under chat.irc (indented by four spaces). */
  readonly irc?: string;
  readonly sasl?: boolean;
  readonly tls?: boolean;
  readonly log?: Logger;
}

export function ircConfigYaml(port: number, options: KitOptions = {}): string {
  return `
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
people:
  alice: { name: Alice, irc: alice }
  bob: { name: Bob, irc: bob }
  tess: { name: Tess, irc: tess }
leads: [alice, bob]
testers:
  - { org: Infura, people: [tess] }
chat:
  irc:
    host: 127.0.0.1
    port: ${port}
    tls: ${options.tls ?? false}
    nick: stagehand
${options.sasl === false ? '' : '    sasl: { account: stagehand, password: { env: IRC_PASSWORD } }\n'}    channels: { release: ["#release"], announce: ["#announce", "#release"], testers: ["#testers"] }
${options.irc ?? ''}`;
}

export function createIrcKit(ircd: Pick<FakeIrcd, 'port'>, options: KitOptions = {}): IrcKit {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-irc-'));
  const loaded: LoadedConfig = { config: parseConfig(ircConfigYaml(ircd.port, options)), baseDir: dataDir, file: join(dataDir, 'config.yaml') };
  const irc = loaded.config.chat.irc!;
  const clock = AdjustableClock.manual(T0);
  const store = Store.open(join(dataDir, 'stagehand.db'));
  const network = createIrcNetwork(irc, {
    loaded,
    dataDir,
    log: options.log ?? silentLogger(),
    clock,
    roster: new Roster(loaded.config),
    store,
    env: { IRC_PASSWORD: BOT_PASSWORD },
  });
  const inbox: InboundMessage[] = [];
  let closed = false;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const started = network.adapter.start(async (message) => {
    inbox.push(message);
    for (const w of [...waiters]) if (inbox.length >= w.count) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  });
  return {
    network,
    clock,
    store,
    inbox,
    started,
    messages: (count) => (inbox.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    async close() {
      // Idempotent: a test file's afterEach may meet the kit of an earlier test again.
      if (closed) return;
      closed = true;
      await started;
      await network.adapter.stop();
      clock.clear();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once `test` holds, looking again every few milliseconds while the sockets do their work; fails
 * after `timeoutMs`. For conditions on the bot's side that the fake server cannot see (it joined, it saw a drop).
 */
export async function eventually(test: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${test.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A real pino logger whose JSON lines are kept for the test to read (shared with the integration tests). */
export { capturingLogger, type LogEntry } from '../../../helpers/capturing-logger.js';
