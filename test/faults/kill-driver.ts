/**
 * One life of the SIGKILL fault run (test/faults/sigkill.faults.test.ts spawns it again and again on the same
 * data directory): build the real app with the live-fakes config (GitHub and X live against the parent's
 * fakes; Matrix, IRC and the blog local), then play the scripted feature release from wherever the store
 * says it is — each step looks at the state and does only what is left:
 *
 *   new v0.5.0 → advance to 3 (testers answer at 2 and 3) → restart (rc2) → advance to 4 (testers again)
 *
 * one step a day: after each command the clock moves, an hour at a time, to 08:00 UTC the next day, so the
 * daily digest (09:00 on weekdays) and the hourly reminders run between the commands.
 *
 *   node kill-driver.mjs DATA_DIR CONFIG KILL_AT DOWN_MS
 *
 * KILL_AT > 0: the process SIGKILLs itself at its KILL_AT-th checkpoint. Checkpoints are every store write
 * (most of them inside a transaction, so the kill lands before its commit) and both sides of every delivery
 * (before the request, and after the service accepted it but before the outbox records it). KILL_AT =
 * slot:N: at the N-th store write of a schedule slot (its claim, its reminders). KILL_AT = 0: the parent
 * kills it whenever it likes. DOWN_MS: how long the process was down before this life — its clock starts
 * that long after the furthest time the last life's clock was about to reach (kept in DATA_DIR/driver-clock),
 * as real time would. Lines on stdout, written synchronously so none is lost in the kill:
 *   ACK {"command","as","expect"}   a command the bot answered ok (so it is committed)
 *   KILL {"where","inTransaction"}  the checkpoint the process is about to die at
 *   SHOWN <line>                    a digest's first line as the local Matrix/IRC stand-ins printed it
 *   CHECKPOINTS n                   how many checkpoints this life passed
 *   DONE                            the release is out and nothing is left to deliver
 */
import Database from 'better-sqlite3';
import { constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createApp } from '../../src/app.js';
import { loadConfigFile } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import * as live from '../../src/live-parts.js';
import { Roster } from '../../src/people/roster.js';
import type { Publisher } from '../../src/publish/publisher.js';
import { AdjustableClock, DAY, HOUR } from '../../src/ground/clock.js';
import { parseVersion } from '../../src/release/version.js';

const [dataDir, configFile, killAtArg = '0', downArg = '0'] = process.argv.slice(2);
if (!dataDir || !configFile) {
  process.stderr.write('usage: node kill-driver.mjs DATA_DIR CONFIG KILL_AT DOWN_MS\n');
  process.exit(64);
}
const killAtSlot = killAtArg.startsWith('slot:') ? Number(killAtArg.slice(5)) : 0;
const killAt = killAtSlot > 0 ? 0 : Number(killAtArg);
const say = (line: string): void => void writeSync(1, `${line}\n`);

let checkpoints = 0;
let slotWrites = 0;
let db: Database.Database | null = null;
function checkpoint(where: string, slotWrite = false): void {
  checkpoints++;
  if (slotWrite) slotWrites++;
  const now = killAt > 0 ? checkpoints === killAt : slotWrite && slotWrites === killAtSlot;
  if (!now) return;
  say(`KILL ${JSON.stringify({ where, inTransaction: db?.inTransaction ?? false })}`);
  process.kill(process.pid, 'SIGKILL');
}

// Every write statement of the store passes here: better-sqlite3's Statement methods live on one prototype.
{
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
  probe.close();
  const run = statement.run;
  statement.run = function (this: { source: string }, ...args: unknown[]) {
    const result = run.apply(this, args);
    // A schedule slot's writes: its claim, and its reminders (keys remind:…) queued in the outbox.
    const slotWrite = this.source.includes('schedule_claims') || JSON.stringify(args).includes('"remind:');
    checkpoint(slotWrite ? 'schedule slot write' : 'store write', slotWrite);
    return result;
  };
}

const killable = (inner: Publisher): Publisher => ({
  destination: inner.destination,
  targets: (audience) => inner.targets(audience),
  async deliver(effect) {
    checkpoint(`before ${inner.destination} post`);
    const outcome = await inner.deliver(effect);
    if (outcome.kind === 'delivered' && !outcome.already) checkpoint(`between ${inner.destination} post and record`);
    return outcome;
  },
});

// The clock: time only moves forward, across lives too. Before the clock moves, the time it is about to reach
// is kept in DATA_DIR/driver-clock, and the next life starts DOWN_MS after it. One fixed-width write at
// offset 0: a kill cannot leave half of it (the page cache has all of the write or none).
const FIRST_MORNING = Date.parse('2026-01-05T08:00:00Z'); // a Monday, an hour before the first digest
const clockFile = openSync(join(resolve(dataDir), 'driver-clock'), constants.O_RDWR | constants.O_CREAT);
const lastReached = Number(readFileSync(clockFile, 'utf8').trim() || FIRST_MORNING);
const reaching = (at: number): void => void writeSync(clockFile, String(at).padStart(20), 0);
const clock = AdjustableClock.manual(lastReached + Number(downArg));
reaching(clock.now());
/** On to 08:00 UTC the next day, an hour at a time: each hour's reminder checks, and the 09:00 digest, run on the way. */
async function nextMorning(): Promise<void> {
  const target = Math.floor((clock.now() - 8 * HOUR) / DAY) * DAY + DAY + 8 * HOUR;
  for (let at = Math.floor(clock.now() / HOUR) * HOUR + HOUR; at <= target; at += HOUR) {
    reaching(at);
    await clock.advanceTo(at);
    await app.worker.idle();
  }
}

const file = loadConfigFile(configFile);
// No status page: a hundred lives would each open a port for nothing. The branch watcher looks once a day
// (the clock moves a day per step; every minute it would poll the fake GitHub 1,440 times a step).
const loaded = {
  ...file,
  config: { ...file.config, web: undefined, ...(file.config.github ? { github: { ...file.config.github, watchEverySeconds: 24 * 3600 } } : {}) },
};
// What the local Matrix and IRC stand-ins print: the digests' first lines go to the parent, to count.
let printed = '';
const output = new Writable({
  write(chunk: Buffer | string, _encoding, done) {
    printed += String(chunk);
    const lines = printed.split('\n');
    printed = lines.pop() ?? '';
    for (const line of lines) if (/^\[(matrix|irc)\b.*Daily digest, /.test(line)) say(`SHOWN ${line}`);
    done();
  },
});
const app = createApp({
  modules: { live },
  loaded,
  dataDir: resolve(dataDir),
  log: silentLogger(),
  clock,
  io: { input: new PassThrough(), output, interactive: false },
  backoff: { firstMs: 1_000, maxMs: 1_000 },
  decoratePublisher: killable,
});
db = app.store.db;
await app.start();

const roster = new Roster(loaded.config);
const version = parseVersion('v0.5.0');
if (!version.ok) throw new Error('bad version');
const testerOf = new Map(loaded.config.testers.map((t) => [t.org, t.people[0] ?? '']));

async function command(text: string, as: string, expect: string): Promise<void> {
  const reply = await app.dispatcher.handle(text, roster.identify('shell', as, as));
  if (reply?.tone !== 'ok') throw new Error(`${text} as ${as}: ${JSON.stringify(reply)}`);
  say(`ACK ${JSON.stringify({ command: text, as, expect })}`);
}

for (let step = 0; step < 100; step++) {
  // A lead acts on what was delivered (the 0→1 gate reads CI on the branch the outbox creates).
  await app.worker.idle();
  const release = app.desk.find(version.value);
  if (release?.status === 'released') break;
  // One step a day: the digest and the reminders run between the commands.
  if (release) await nextMorning();
  if (!release) {
    await command('!release new v0.5.0', 'lead', 'rc1 stage 0');
    continue;
  }
  const round = app.desk.testerRound(release);
  const waiting = round?.signoff.find((s) => s.state === 'waiting');
  if (waiting) {
    const person = testerOf.get(waiting.org) ?? '';
    await command('!tested ok', person, `answer ${person} rc${release.rc} stage ${release.stage}`);
  } else if (release.rc === 1 && release.stage === 3) {
    await command('!release restart fix for the bitswap CPU regression merged', 'lead', 'rc2 stage 0');
  } else {
    await command('!release advance', 'lead', `rc${release.rc} stage ${release.stage + 1}`);
  }
}
// Everything committed goes out; a retry waits on the manual clock.
await app.worker.idle();
for (let i = 0; i < 100 && app.store.outbox.pendingCount() > 0; i++) {
  reaching(clock.now() + 1_000);
  await clock.advanceBy(1_000);
  await app.worker.idle();
}
say(`CHECKPOINTS ${checkpoints}`);
say(app.store.outbox.pendingCount() === 0 ? 'DONE' : `STUCK ${app.store.outbox.pendingCount()}`);
await app.stop();
