/**
 * One life of the SIGKILL fault run (test/faults/sigkill.faults.test.ts spawns it again and again on the same
 * data directory): build the real app with the live-fakes config (GitHub and X live against the parent's
 * fakes; Matrix, IRC and the blog local), then play the scripted feature release from wherever the store
 * says it is — each step looks at the state and does only what is left:
 *
 *   new v0.5.0 → advance to 3 (testers answer at 2 and 3) → restart (rc2) → advance to 4 (testers again)
 *
 *   node kill-driver.mjs DATA_DIR CONFIG KILL_AT
 *
 * KILL_AT > 0: the process SIGKILLs itself at its KILL_AT-th checkpoint. Checkpoints are every store write
 * (most of them inside a transaction, so the kill lands before its commit) and both sides of every delivery
 * (before the request, and after the service accepted it but before the outbox records it). KILL_AT = 0: the
 * parent kills it whenever it likes. Lines on stdout, written synchronously so none is lost in the kill:
 *   ACK {"command","as","expect"}   a command the bot answered ok (so it is committed)
 *   KILL {"where","inTransaction"}  the checkpoint the process is about to die at
 *   CHECKPOINTS n                   how many checkpoints this life passed
 *   DONE                            the release is out and nothing is left to deliver
 */
import Database from 'better-sqlite3';
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createApp } from '../../src/app.js';
import { loadConfigFile } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import * as live from '../../src/live-parts.js';
import { Roster } from '../../src/people/roster.js';
import type { Publisher } from '../../src/publish/publisher.js';
import { AdjustableClock } from '../../src/schedule/clock.js';
import { parseVersion } from '../../src/release/version.js';

const [dataDir, configFile, killAtArg = '0'] = process.argv.slice(2);
if (!dataDir || !configFile) {
  process.stderr.write('usage: node kill-driver.mjs DATA_DIR CONFIG KILL_AT\n');
  process.exit(64);
}
const killAt = Number(killAtArg);
const say = (line: string): void => void writeSync(1, `${line}\n`);

let checkpoints = 0;
let db: Database.Database | null = null;
function checkpoint(where: string): void {
  checkpoints++;
  if (killAt <= 0 || checkpoints !== killAt) return;
  say(`KILL ${JSON.stringify({ where, inTransaction: db?.inTransaction ?? false })}`);
  process.kill(process.pid, 'SIGKILL');
}

// Every write statement of the store passes here: better-sqlite3's Statement methods live on one prototype.
{
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
  probe.close();
  const run = statement.run;
  statement.run = function (this: unknown, ...args: unknown[]) {
    const result = run.apply(this, args);
    checkpoint('store write');
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

const file = loadConfigFile(configFile);
// No status page: a hundred lives would each open a port for nothing.
const loaded = { ...file, config: { ...file.config, web: undefined } };
const clock = AdjustableClock.manual(Date.parse('2026-01-05T09:00:00Z'));
const app = createApp({
  modules: { live },
  loaded,
  dataDir: resolve(dataDir),
  log: silentLogger(),
  clock,
  io: { input: new PassThrough(), output: new Writable({ write: (_c, _e, done) => done() }), interactive: false },
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
  await clock.advanceBy(1_000);
  await app.worker.idle();
}
say(`CHECKPOINTS ${checkpoints}`);
say(app.store.outbox.pendingCount() === 0 ? 'DONE' : `STUCK ${app.store.outbox.pendingCount()}`);
await app.stop();
