/**
 * Load on the real servers: 50 people (25 Matrix users, 25 IRC accounts logged in with SASL; leads, testers
 * and guests) send 1,000 commands a minute in total for LOAD_MINUTES minutes: 2 by default (what CI runs
 * with `npm run test:load`), 10 with `npm run bench:load`, same assertions either way, to the bot running
 * as a separate process, as deployed.
 *
 * Every command must get its reply, matched by sender and content: on Matrix the bot's event whose
 * m.in_reply_to is the command's event, on IRC the line addressed to the asker's nick (the n-th such line
 * answers that nick's n-th command; its first line must say what that command says). Replies are seen by
 * one observer per network in the same room or channel. The bot's resident memory (VmRSS) is read after a
 * warm-up and at the end, and must not grow by more than half. Latency figures are printed, not asserted.
 *
 * Pacing is real time on purpose: the load is a rate, so the generator waits for each command's slot.
 */
import { prng } from '../helpers/prng.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, LogService, MatrixClient, MemoryStorageProvider } from 'matrix-bot-sdk';
import { describe, expect, it } from 'vitest';
import { BotProcess } from '../e2e/helpers/bot.js';
import { eventually } from '../e2e/helpers/eventually.js';
import { registerIrcAccount } from '../e2e/helpers/irc.js';
import { inReplyTo } from '../e2e/helpers/expect-bot.js';
import { registerMatrixUser, type MatrixEvent, type MatrixUser } from '../e2e/helpers/matrix.js';
import { servers } from '../e2e/helpers/servers.js';
import { World } from '../e2e/helpers/world.js';
import { cpuSeconds, fmtMs, residentMB, summarise, table } from './load-figures.js';
import { loadPeople, nextCommand, type LoadCommand, type LoadPerson } from './load-people.js';

const MINUTES = Number(process.env['LOAD_MINUTES'] ?? 2);
const PER_MINUTE = 1000;
/** The e2e world's IRC password (test/e2e/helpers/world.ts): every world account uses it. */
const IRC_PASSWORD = 'e2e-irc-password';

interface RawIrc {
  connect(options: Record<string, unknown>): void;
  on(event: string, listener: (e: Record<string, unknown>) => void): void;
  once(event: string, listener: (e: Record<string, unknown>) => void): void;
  join(channel: string): void;
  say(target: string, text: string): void;
  quit(message?: string): void;
  connected: boolean;
}
const { Client: IrcClient } = createRequire(import.meta.url)('irc-framework') as { Client: new () => RawIrc };

interface Sent {
  readonly person: LoadPerson;
  readonly command: LoadCommand;
  readonly at: number;
  /** Wall-clock time of sending, to compare with a homeserver timestamp. */
  readonly epoch: number;
}
interface Seen {
  readonly text: string;
  readonly at: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function ircConnect(nick: string, account?: string): Promise<RawIrc> {
  const { host, port } = servers().irc;
  const client = new IrcClient();
  const registered = new Promise<void>((resolve, reject) => {
    client.once('registered', () => resolve());
    client.once('close', () => reject(new Error(`${nick}: connection closed before registration`)));
  });
  client.connect({ host, port, nick, username: nick.slice(0, 10), gecos: nick, auto_reconnect: false, ...(account ? { account: { account, password: IRC_PASSWORD }, sasl_disconnect_on_fail: true } : {}) });
  await registered;
  return client;
}

async function ircJoin(client: RawIrc, nick: string, channel: string): Promise<void> {
  let joined = false;
  client.on('join', (e) => {
    if (String(e['nick']).toLowerCase() === nick.toLowerCase() && String(e['channel']).toLowerCase() === channel.toLowerCase()) joined = true;
  });
  client.join(channel);
  await eventually(() => (joined ? true : undefined), { what: `${nick} to join ${channel}` });
}

/** In batches, so that set-up does not flood the services with 25 registrations at once. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

describe(`load: ${PER_MINUTE} commands a minute from 50 people on Matrix and IRC for ${MINUTES} minutes`, () => {
  it('answers every command, and the bot keeps its memory flat', async () => {
    LogService.setLevel(LogLevel.ERROR);
    const world = await World.create();
    const sfx = world.suffix;
    const m = world.matrix;
    const channel = world.irc.channels.release;
    const people = loadPeople();
    const ircAccount = (p: LoadPerson): string => `${p.id}${sfx}`;
    const dir = mkdtempSync(join(tmpdir(), 'stagehand-load-'));
    const ircClients: RawIrc[] = [];
    const matrixClients: MatrixClient[] = [];
    let bot: BotProcess | undefined;
    try {
      // ---- People -------------------------------------------------------------------------------
      const hs = servers().synapse;
      const matrixPeople = people.filter((p) => p.net === 'matrix');
      const ircPeople = people.filter((p) => p.net === 'irc');
      const matrixUsers = new Map<string, MatrixUser>();
      await inBatches(matrixPeople, 5, async (p) => {
        const user = await registerMatrixUser(hs, `${p.id}-${sfx}`);
        await m.admin.removeRateLimits(user.userId);
        await user.join(m.rooms.release);
        matrixUsers.set(p.id, user);
      });
      await inBatches(ircPeople, 5, (p) => registerIrcAccount(servers().irc, ircAccount(p), IRC_PASSWORD));

      const config = world.config(join(dir, 'data')) as {
        people: Record<string, unknown>;
        leads: string[];
        testers: { org: string; people: string[] }[];
        chat: { irc: Record<string, unknown> };
      };
      for (const p of people) {
        config.people[p.id] = { name: `Load ${p.id}`, ...(p.net === 'matrix' ? { matrix: matrixUsers.get(p.id)!.userId } : { irc: ircAccount(p) }) };
        if (p.role === 'lead') config.leads.push(p.id);
        if (p.org) config.testers.find((t) => t.org === p.org)!.people.push(p.id);
      }
      // Replies of several lines to about 8 commands a second: the send queue must not be the bottleneck.
      config.chat.irc['sendRate'] = { linesPerSecond: 100, burst: 100 };

      // ---- Observers, then the bot ----------------------------------------------------------------
      const matrixReplies = new Map<string, Seen>();
      const observerUser = await registerMatrixUser(hs, `lobs-${sfx}`);
      await observerUser.join(m.rooms.release);
      const observer = new MatrixClient(hs.url, observerUser.accessToken, new MemoryStorageProvider());
      matrixClients.push(observer);
      observer.on('room.message', (roomId: string, event: { sender: string; content?: { body?: string; 'm.relates_to'?: { 'm.in_reply_to'?: { event_id?: string } } } }) => {
        const to = event.content?.['m.relates_to']?.['m.in_reply_to']?.event_id;
        if (roomId === m.rooms.release && event.sender === m.bot.userId && to) matrixReplies.set(to, { text: event.content?.body ?? '', at: performance.now() });
      });
      // A long timeline per sync, so a busy second does not come back "limited" (missing events).
      await observer.start({ room: { timeline: { limit: 1000 } } });

      const ircNicks = new Set(ircPeople.map((p) => ircAccount(p).toLowerCase()));
      const ircReplies = new Map<string, Seen[]>();
      let ircBotLines = 0;
      const obsNick = `lobs${sfx}`;
      const ircObserver = await ircConnect(obsNick);
      ircClients.push(ircObserver);
      let botJoined = false;
      ircObserver.on('join', (e) => {
        if (String(e['nick']).toLowerCase() === world.irc.botNick.toLowerCase()) botJoined = true;
      });
      ircObserver.on('privmsg', (e) => {
        if (String(e['nick']).toLowerCase() !== world.irc.botNick.toLowerCase() || String(e['target']).toLowerCase() !== channel.toLowerCase()) return;
        ircBotLines++;
        const text = String(e['message']);
        const colon = text.indexOf(': ');
        const nick = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
        if (!ircNicks.has(nick)) return; // the rest of a multi-line reply
        const seen = ircReplies.get(nick) ?? [];
        seen.push({ text: text.slice(colon + 2), at: performance.now() });
        ircReplies.set(nick, seen);
      });
      await ircJoin(ircObserver, obsNick, channel);
      const ircSenders = new Map<string, RawIrc>();
      await inBatches(ircPeople, 5, async (p) => {
        const client = await ircConnect(ircAccount(p), ircAccount(p));
        ircClients.push(client);
        await ircJoin(client, ircAccount(p), channel);
        ircSenders.set(p.id, client);
      });

      bot = await BotProcess.start(dir, config, { STAGEHAND_MATRIX_TOKEN: m.bot.accessToken, STAGEHAND_IRC_PASSWORD: IRC_PASSWORD }, 'info');
      const pid = bot.pid!;
      await eventually(() => (botJoined ? true : undefined), { what: 'the bot to join the IRC release channel', timeoutMs: 60_000 });

      // ---- Sending and matching -----------------------------------------------------------------
      const matrixSent = new Map<string, Sent>();
      const ircSent = new Map<string, Sent[]>();
      const sendFailures: string[] = [];
      const inFlight = new Set<Promise<void>>();
      const send = (person: LoadPerson, command: LoadCommand): void => {
        const at = performance.now();
        const epoch = Date.now();
        if (person.net === 'irc') {
          const nick = ircAccount(person).toLowerCase();
          ircSent.set(nick, [...(ircSent.get(nick) ?? []), { person, command, at, epoch }]);
          ircSenders.get(person.id)!.say(channel, command.text);
          return;
        }
        const sending = matrixUsers
          .get(person.id)!
          .say(m.rooms.release, command.text)
          .then((eventId) => void matrixSent.set(eventId, { person, command, at, epoch }))
          .catch((error: unknown) => void sendFailures.push(`${person.id}: ${(error as Error).message}`));
        inFlight.add(sending);
        void sending.finally(() => inFlight.delete(sending));
      };
      const answered = (): number => [...matrixSent.keys()].filter((id) => matrixReplies.has(id)).length + [...ircSent].reduce((n, [nick, sent]) => n + Math.min(sent.length, ircReplies.get(nick)?.length ?? 0), 0);
      const sentCount = (): number => matrixSent.size + [...ircSent.values()].reduce((n, s) => n + s.length, 0);
      const settle = async (what: string, timeoutMs: number): Promise<void> => {
        await Promise.all([...inFlight]);
        await eventually(() => (answered() >= sentCount() ? true : undefined), { what, timeoutMs, intervalMs: 250 }).catch(() => undefined);
      };

      // A release in early testing (stage 2), so status, testers and `!tested` have something to say.
      const alice = m.alice;
      for (const text of ['!release new v0.5.0', '!release advance', '!release advance']) {
        const eventId = await alice.say(m.rooms.release, text);
        await eventually(() => matrixReplies.get(eventId), { what: `the bot's reply to ${text}`, timeoutMs: 30_000 });
      }

      // Warm-up: every person's first command, answered, before the measured run and the first memory reading.
      const randoms = new Map(people.map((p, k) => [p.id, prng(k + 1)]));
      for (const p of people) send(p, nextCommand(p.role, randoms.get(p.id)!));
      await settle('the warm-up replies', 60_000);
      const warmupAnswered = answered();
      const warmupSent = sentCount();
      expect(warmupAnswered, 'every warm-up command answered').toBe(warmupSent);
      matrixSent.clear();
      ircSent.clear();
      ircReplies.clear();
      const rssStart = residentMB(pid);
      // CPU used by the bot and by Synapse during the run: which of the two the Matrix side waits on.
      const synapsePid = (servers().synapse as unknown as { pid?: number }).pid;
      const cpuAt = (p: number | undefined): number => (p ? cpuSeconds(p) : NaN);
      const cpuStart = { bot: cpuAt(pid), synapse: cpuAt(synapsePid) };
      const rssSamples: number[] = [rssStart];
      const sampler = setInterval(() => rssSamples.push(residentMB(pid)), 30_000);

      // The measured run: each person every 3 s (50 people × 20 a minute), offsets spread evenly.
      const intervalMs = (60_000 * people.length) / PER_MINUTE;
      const perPerson = Math.round((MINUTES * PER_MINUTE) / people.length);
      const slots = people
        .flatMap((person, k) => Array.from({ length: perPerson }, (_, j) => ({ person, at: (k * intervalMs) / people.length + j * intervalMs })))
        .sort((a, b) => a.at - b.at);
      const started = performance.now();
      let behindMaxMs = 0;
      for (const slot of slots) {
        const wait = started + slot.at - performance.now();
        if (wait > 0) await sleep(wait);
        else behindMaxMs = Math.max(behindMaxMs, -wait);
        send(slot.person, nextCommand(slot.person.role, randoms.get(slot.person.id)!));
      }
      const sendingMs = performance.now() - started;
      // A backlog is drained, not dropped: the suite waits for it (and reports how long that took).
      await settle('every reply', 15 * 60_000);
      const drainMs = performance.now() - started - sendingMs;
      const cpuUsed = { bot: cpuAt(pid) - cpuStart.bot, synapse: cpuAt(synapsePid) - cpuStart.synapse };
      clearInterval(sampler);
      const rssEnd = residentMB(pid);
      rssSamples.push(rssEnd);
      // What the observer's sync did not show is looked up in the room's history, the homeserver's record.
      const fromHistory = await findInHistory(observerUser, m.rooms.release, m.bot.userId, matrixSent, matrixReplies);

      // ---- Matching -------------------------------------------------------------------------------
      const latencies = { matrix: [] as number[], irc: [] as number[] };
      const lost: string[] = [];
      const wrong: string[] = [];
      const byCommand = new Map<string, number>();
      for (const [eventId, sent] of matrixSent) {
        byCommand.set(sent.command.name, (byCommand.get(sent.command.name) ?? 0) + 1);
        const reply = matrixReplies.get(eventId);
        if (!reply) lost.push(`matrix ${sent.person.id}: ${sent.command.text}`);
        else if (!sent.command.expect.test(reply.text.split('\n')[0] ?? '')) wrong.push(`matrix ${sent.person.id}: ${sent.command.text} → ${reply.text.slice(0, 160)}`);
        else latencies.matrix.push(reply.at - sent.at);
      }
      for (const [nick, sent] of ircSent) {
        const replies = ircReplies.get(nick) ?? [];
        sent.forEach((s, i) => {
          byCommand.set(s.command.name, (byCommand.get(s.command.name) ?? 0) + 1);
          const reply = replies[i];
          if (!reply) lost.push(`irc ${nick}: ${s.command.text}`);
          else if (!s.command.expect.test(reply.text)) wrong.push(`irc ${nick}: ${s.command.text} → ${reply.text.slice(0, 160)}`);
          else latencies.irc.push(reply.at - s.at);
        });
      }
      const extraIrc = [...ircReplies].reduce((n, [nick, r]) => n + Math.max(0, r.length - (ircSent.get(nick)?.length ?? 0)), 0);
      const sent = sentCount();
      const all = summarise([...latencies.matrix, ...latencies.irc]);
      const row = (label: string, s: ReturnType<typeof summarise>): string[] => [label, String(s.count), fmtMs(s.medianMs), fmtMs(s.p95Ms), fmtMs(s.maxMs)];
      process.stdout.write(
        [
          '',
          `Load: ${people.length} people (${matrixPeople.length} Matrix, ${ircPeople.length} IRC; ${people.filter((p) => p.role === 'lead').length} leads, ${people.filter((p) => p.role === 'tester').length} testers, ${people.filter((p) => p.role === 'guest').length} guests), ${MINUTES} min at ${PER_MINUTE}/min`,
          `sent ${sent} commands in ${(sendingMs / 1000).toFixed(1)} s (${((sent / sendingMs) * 60_000).toFixed(0)}/min; generator at most ${fmtMs(behindMaxMs)} behind its schedule), after ${warmupSent} warm-up commands`,
          `mix: ${[...byCommand].map(([c, n]) => `${c} ${n}`).join(', ')}`,
          `replies matched: ${all.count}/${sent} (${fromHistory} Matrix replies found in the room's history, not the observer's sync); lost ${lost.length}; wrong content ${wrong.length}; unexpected extra IRC replies ${extraIrc}; send errors ${sendFailures.length}; bot lines on IRC ${ircBotLines}`,
          table([['reply latency', 'replies', 'median', 'p95', 'max'], row('Matrix', summarise(latencies.matrix)), row('IRC (first line)', summarise(latencies.irc)), row('both', all)]),
          `last reply ${fmtMs(drainMs)} after the last command; CPU used during the run and the wait: bot ${cpuUsed.bot.toFixed(0)} s, Synapse ${cpuUsed.synapse.toFixed(0)} s (of ${((sendingMs + drainMs) / 1000).toFixed(0)} s)`,
          `bot resident memory (VmRSS): ${rssStart.toFixed(1)} MB after warm-up, ${rssEnd.toFixed(1)} MB at the end (${(((rssEnd - rssStart) / rssStart) * 100).toFixed(1)}%); every 30 s: ${rssSamples.map((r) => r.toFixed(0)).join(' ')} MB`,
          ...lost.slice(0, 10).map((l) => `lost: ${l}`),
          ...wrong.slice(0, 10).map((w) => `wrong: ${w}`),
          ...(lost.length + wrong.length > 0 ? ['bot warnings:', ...bot.warnings(/./).slice(-20).map((r) => JSON.stringify(r))] : []),
          '',
        ].join('\n'),
      );
      expect(sendFailures, 'commands Synapse refused').toEqual([]);
      expect(sent).toBe(MINUTES * PER_MINUTE);
      expect(lost, 'commands without a reply').toEqual([]);
      expect(wrong, 'replies that do not answer their command').toEqual([]);
      expect(extraIrc, 'IRC replies to commands nobody sent').toBe(0);
      expect(rssEnd, 'resident memory at the end against after warm-up').toBeLessThanOrEqual(rssStart * 1.5);
    } finally {
      for (const c of matrixClients) c.stop();
      for (const c of ircClients) if (c.connected) c.quit('bye');
      await bot?.stop();
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Pages back through the room from the newest event until every command sent has been passed, and records
 * the bot's replies that the observer's sync never delivered; their latency is taken from the homeserver's
 * timestamp. Returns how many were found this way.
 */
async function findInHistory(reader: MatrixUser, roomId: string, botId: string, sent: ReadonlyMap<string, Sent>, replies: Map<string, Seen>): Promise<number> {
  const missing = [...sent.keys()].filter((id) => !replies.has(id));
  if (missing.length === 0) return 0;
  let found = 0;
  let from: string | undefined;
  for (let page = 0; page < 200 && missing.some((id) => !replies.has(id)); page++) {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=1000${from ? `&from=${encodeURIComponent(from)}` : ''}`;
    const { chunk, end } = await reader.request<{ chunk: MatrixEvent[]; end?: string }>('GET', path);
    for (const event of chunk) {
      const to = inReplyTo(event);
      const asked = to ? sent.get(to) : undefined;
      if (event.sender !== botId || !to || !asked || replies.has(to)) continue;
      replies.set(to, { text: event.content.body ?? '', at: asked.at + (event.origin_server_ts - asked.epoch) });
      found++;
    }
    if (chunk.length === 0 || !end) break;
    from = end;
  }
  return found;
}
