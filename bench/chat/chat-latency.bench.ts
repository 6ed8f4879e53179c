/**
 * Reply latency of `!release status` on each network, measured the same way for Stagehand and for a bare
 * echo bot written with the same library on the same server: a client (Alice) sends, and the clock stops
 * when her own connection receives the reply. Asks alternate between the two bots, paced so that neither
 * the servers' nor Stagehand's own flood control is what is measured. Then a 100-line announcement on IRC,
 * through Stagehand's send queue and, for comparison, written at once by a bare client.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatrixClient, MemoryStorageProvider, LogService, LogLevel } from 'matrix-bot-sdk';
import { describe, it } from 'vitest';
import { createIrcNetwork } from '../../src/chat/irc/irc-network.js';
import { parseConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { Roster } from '../../src/people/roster.js';
import { AdjustableClock } from '../../src/ground/clock.js';
import { Store } from '../../src/store/store.js';
import { registerMatrixUser } from '../../test/e2e/helpers/matrix.js';
import { servers } from '../../test/e2e/helpers/servers.js';
import { World } from '../../test/e2e/helpers/world.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 30);
/** Where `npm run bench` (bench/run-all.ts) wants the figures as JSON, for its one table. */
const JSON_OUT = process.env['BENCH_CHAT_JSON'];

/** The figures as bench/run-all.ts reads them. */
export interface ChatBenchFigures {
  readonly rounds: number;
  readonly matrix: { readonly bot: Stat; readonly echo: Stat };
  readonly irc: { readonly bot: Stat; readonly echo: Stat };
  readonly burst: { readonly stagehand: string; readonly stagehandAll: boolean; readonly bare: string };
}
interface Stat {
  readonly medianMs: number;
  readonly p95Ms: number;
}
const IRC_PASSWORD = 'e2e-irc-password';

interface IrcClient {
  connect(options: Record<string, unknown>): void;
  on(event: string, listener: (e: Record<string, unknown>) => void): void;
  once(event: string, listener: (e: Record<string, unknown>) => void): void;
  join(channel: string): void;
  say(target: string, text: string): void;
  raw(line: string): void;
  quit(message?: string): void;
  connected: boolean;
}
const { Client: IrcFrameworkClient } = createRequire(import.meta.url)('irc-framework') as { Client: new () => IrcClient };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function timeout<T>(promise: Promise<T>, what: string, after = 30_000): Promise<T> {
  return Promise.race([promise, sleep(after).then(() => Promise.reject(new Error(`timed out waiting for ${what}`)))]);
}

async function ircClient(nick: string, account?: string, port = servers().irc.port): Promise<IrcClient> {
  const client = new IrcFrameworkClient();
  const registered = new Promise<void>((resolve, reject) => {
    client.once('registered', () => resolve());
    client.once('close', () => reject(new Error(`${nick} closed before registering`)));
  });
  const { host } = servers().irc;
  client.connect({ host, port, nick, username: nick, gecos: nick, auto_reconnect: false, ...(account ? { account: { account, password: IRC_PASSWORD } } : {}) });
  await timeout(registered, `${nick} to register`);
  return client;
}

async function joined(client: IrcClient, nick: string, channel: string): Promise<void> {
  const done = new Promise<void>((resolve) =>
    client.on('join', (e) => {
      if (String(e['nick']).toLowerCase() === nick.toLowerCase() && String(e['channel']).toLowerCase() === channel.toLowerCase()) resolve();
    }),
  );
  client.join(channel);
  await timeout(done, `${nick} to join ${channel}`);
}

describe('chat reply latency against bare echo bots', () => {
  it('measures Matrix and IRC side by side, and a 100-line IRC burst', async () => {
    LogService.setLevel(LogLevel.ERROR);
    const world = await World.create();
    // At the default log level, as deployed (the e2e tests run it at debug to read its log).
    await world.startBot(undefined, 'info');
    const rows: string[][] = [];
    const figures: Partial<Record<'matrix' | 'irc', ChatBenchFigures['matrix']>> & { burst?: ChatBenchFigures['burst'] } = {};
    const stat = (xs: number[]): Stat => ({ medianMs: median(xs), p95Ms: p95(xs) });
    try {
      // ---- Matrix ------------------------------------------------------------------------------
      const hs = servers().synapse;
      const m = world.matrix;
      const echoUser = await registerMatrixUser(hs, `echo-${world.suffix}`);
      await m.admin.removeRateLimits(echoUser.userId);
      await echoUser.join(m.rooms.release);
      const echo = new MatrixClient(hs.url, echoUser.accessToken, new MemoryStorageProvider());
      echo.on('room.message', (roomId: string, event: { sender: string; content?: { body?: string } }) => {
        if (event.sender === m.alice.userId && event.content?.body === '!echo') void echo.replyNotice(roomId, event, 'echo');
      });
      const alice = new MatrixClient(hs.url, m.alice.accessToken, new MemoryStorageProvider());
      const waiting = new Map<string, (at: number) => void>();
      alice.on('room.message', (_roomId: string, event: { content?: { 'm.relates_to'?: { 'm.in_reply_to'?: { event_id?: string } } } }) => {
        const to = event.content?.['m.relates_to']?.['m.in_reply_to']?.event_id;
        if (to) waiting.get(to)?.(performance.now());
      });
      await Promise.all([echo.start(), alice.start()]);
      await sleep(1000);
      const askMatrix = async (text: string): Promise<number> => {
        const started = performance.now();
        let resolveReply!: (at: number) => void;
        const replied = new Promise<number>((resolve) => (resolveReply = resolve));
        const eventId = await alice.sendText(m.rooms.release, text);
        waiting.set(eventId, resolveReply);
        const at = await timeout(replied, `a Matrix reply to ${text}`);
        waiting.delete(eventId);
        return at - started;
      };
      // A release in testing, so status has something to say (stage, times, sign-off).
      await askMatrix('!release new v0.5.0');
      await askMatrix('!release advance');
      await askMatrix('!release advance');
      const matrixBot: number[] = [];
      const matrixEcho: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        matrixBot.push(await askMatrix('!release status'));
        await sleep(200);
        matrixEcho.push(await askMatrix('!echo'));
        await sleep(200);
      }
      echo.stop();
      alice.stop();
      figures.matrix = { bot: stat(matrixBot), echo: stat(matrixEcho) };
      rows.push(['Matrix `!release status` reply, median (p95)', `${ms(median(matrixBot))} (${ms(p95(matrixBot))})`, `echo bot ${ms(median(matrixEcho))} (${ms(p95(matrixEcho))})`, `${(median(matrixBot) / median(matrixEcho)).toFixed(2)}×`]);

      // ---- IRC ---------------------------------------------------------------------------------
      const channel = world.irc.channels.release;
      const echoNick = `echo${world.suffix}`;
      const ircEcho = await ircClient(echoNick);
      await joined(ircEcho, echoNick, channel);
      const aliceNick = world.irc.aliceNick;
      const ircAlice = await ircClient(aliceNick, world.irc.accounts.alice);
      ircEcho.on('privmsg', (e) => {
        if (e['message'] === '!echo') ircEcho.say(channel, `${String(e['nick'])}: echo`);
      });
      let onLine: ((from: string, at: number) => void) | null = null;
      ircAlice.on('privmsg', (e) => {
        if (String(e['target']).toLowerCase() === channel.toLowerCase() && String(e['message']).startsWith(`${aliceNick}:`)) onLine?.(String(e['nick']), performance.now());
      });
      await joined(ircAlice, aliceNick, channel);
      await sleep(1000);
      const askIrc = async (text: string, from: string): Promise<number> => {
        const started = performance.now();
        const replied = new Promise<number>((resolve) => (onLine = (who, at) => who.toLowerCase() === from.toLowerCase() && resolve(at)));
        ircAlice.say(channel, text);
        return (await timeout(replied, `an IRC reply to ${text}`)) - started;
      };
      const ircBot: number[] = [];
      const ircEchoTimes: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Paced so the bot's send queue (burst 8, 4 lines a second in the e2e world) is full again each time.
        ircBot.push(await askIrc('!release status', world.irc.botNick));
        await sleep(2500);
        ircEchoTimes.push(await askIrc('!echo', echoNick));
        await sleep(200);
      }
      figures.irc = { bot: stat(ircBot), echo: stat(ircEchoTimes) };
      rows.push(['IRC `!release status` first reply line, median (p95)', `${ms(median(ircBot))} (${ms(p95(ircBot))})`, `echo bot ${ms(median(ircEchoTimes))} (${ms(p95(ircEchoTimes))})`, `${(median(ircBot) / median(ircEchoTimes)).toFixed(2)}×`]);
      ircEcho.quit();
      ircAlice.quit();

      // ---- IRC burst ---------------------------------------------------------------------------
      const burst = await ircBurst(world);
      rows.push(burst.row);
      figures.burst = burst.figures;
    } finally {
      await world.close();
    }
    const table = [['figure', 'Stagehand', 'bare library', 'ratio'], ...rows];
    process.stdout.write(`\n${table.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n(${ROUNDS} rounds each)\n`);
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ rounds: ROUNDS, ...figures }));
  });
});

/**
 * 100 announcement lines of 300 bytes, both on the port with InspIRCd's default flood limits (as a public
 * network has): through Stagehand's IRC network at its default rate, and written at once by a bare client.
 */
async function ircBurst(world: World): Promise<{ row: string[]; figures: ChatBenchFigures['burst'] }> {
  const channel = `#burst-${world.suffix}`;
  const observerNick = `obsb${world.suffix}`;
  const observer = await ircClient(observerNick);
  await joined(observer, observerNick, channel);
  const received = new Map<string, number>();
  const closed: string[] = [];
  observer.on('privmsg', (e) => {
    if (String(e['target']).toLowerCase() === channel.toLowerCase()) received.set(String(e['nick']).toLowerCase(), (received.get(String(e['nick']).toLowerCase()) ?? 0) + 1);
  });
  observer.on('quit', (e) => closed.push(`${String(e['nick'])}: ${String(e['message'])}`));
  const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i + 1).padStart(3, '0')} ${'x'.repeat(290)}`);

  // Stagehand: its IRC network module with the default send rate (burst 4, then one line a second).
  const { host, strictPort: port } = servers().irc;
  const nick = `shb${world.suffix}`;
  const config = parseConfig(
    JSON.stringify({
      project: { name: 'p', repo: 'o/p' },
      cadence: { anchor: '2019-09-09' },
      chat: { irc: { host, port, tls: false, nick, channels: { release: [channel], announce: [channel] } } },
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-burst-'));
  const store = Store.open(join(dir, 'stagehand.db'));
  const clock = AdjustableClock.system();
  const network = createIrcNetwork(config.chat.irc!, { loaded: { config, baseDir: dir, file: 'bench' }, dataDir: dir, log: silentLogger(), clock, roster: new Roster(config), store });
  await network.adapter.start(async () => undefined);
  const start = performance.now();
  for (;;) {
    const outcome = await network.publisher.deliver({ id: 1, key: 'burst', destination: 'irc', target: channel, payload: { action: 'announce', text: lines.join('\n') }, release: null, attempts: 0, createdAt: Date.now() });
    if (outcome.kind === 'delivered') break;
    await sleep(500);
  }
  const sent = performance.now() - start;
  const deadline = Date.now() + 30_000;
  while ((received.get(nick.toLowerCase()) ?? 0) < 100 && Date.now() < deadline) await sleep(100);
  const stagehandGot = received.get(nick.toLowerCase()) ?? 0;
  const stillConnected = network.connected();
  await network.adapter.stop();
  clock.clear();
  store.close();

  // A bare irc-framework client writing the same 100 lines at once.
  const bareNick = `bare${world.suffix}`;
  const bare = await ircClient(bareNick, undefined, port);
  await joined(bare, bareNick, channel);
  let bareClosed = false;
  bare.on('close', () => (bareClosed = true));
  for (const line of lines) bare.say(channel, line);
  const bareDeadline = Date.now() + 20_000;
  while ((received.get(bareNick.toLowerCase()) ?? 0) < 100 && !bareClosed && Date.now() < bareDeadline) await sleep(100);
  await sleep(1000);
  const bareGot = received.get(bareNick.toLowerCase()) ?? 0;
  const bareQuit = closed.find((c) => c.toLowerCase().startsWith(bareNick.toLowerCase())) ?? (bareClosed ? 'connection closed' : 'still connected');
  if (bare.connected) bare.quit();
  observer.quit();
  const stagehand = `${stagehandGot}/100 in ${(sent / 1000).toFixed(1)} s, ${stillConnected ? 'still connected' : 'DISCONNECTED'}`;
  const bareSaid = `${bareGot}/100, ${bareQuit}`;
  return {
    row: ['IRC burst of 100 lines × 300 bytes on default flood limits: lines received, connection after', stagehand, bareSaid, '—'],
    figures: { stagehand, stagehandAll: stagehandGot === 100 && stillConnected, bare: bareSaid },
  };
}
