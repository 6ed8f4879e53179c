/**
 * Two apps, so two Store connections, on one database file: what a second writer could do before the data
 * directory was locked (src/store/data-dir-lock.ts), and what the lock's absence must still never cause
 * (a raw constraint error, a doubled row). Each desk checks and writes in one transaction. better-sqlite3
 * is synchronous, so the race is forced: the second desk's read before its transaction lets the first
 * commit in between.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../src/config/schema.js';
import { parseVersion, type Version } from '../../../src/release/version.js';
import { createTestApp, startInDevTesting, type TestApp } from '../../helpers/test-app.js';

let apps: TestApp[] = [];
let dataDir: string;
afterEach(async () => {
  for (const t of apps) await t.close();
  apps = [];
  rmSync(dataDir, { recursive: true, force: true });
});

function twoOnOneFile(): [TestApp, TestApp] {
  dataDir = mkdtempSync(join(tmpdir(), 'stagehand-two-writers-'));
  apps = [createTestApp({ dataDir }), createTestApp({ dataDir })];
  return apps as [TestApp, TestApp];
}

function version(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
}

/** Run `meanwhile` right after `t`'s desk has read what releases exist, the first time it does. */
function afterNextRead(t: TestApp, meanwhile: () => void): void {
  const releases = t.app.store.releases;
  const known = releases.known.bind(releases);
  let done = false;
  releases.known = () => {
    const seen = known();
    if (!done) {
      done = true;
      meanwhile();
    }
    return seen;
  };
}

describe('two writers on one database', () => {
  it('the loser of a race to start the same release gets the usual refusal, and one release exists', async () => {
    const [a, b] = twoOnOneFile();
    afterNextRead(b, () => {
      const won = a.app.desk.start(version('v0.6.0'), a.person('lead'));
      expect(won.ok).toBe(true);
    });
    const lost = await b.say('!release new v0.6.0');
    expect(lost.tone).toBe('refused');
    expect(lost.text).toBe('v0.6.0 is already in progress (stage 0).');
    expect(b.snapshot()['releases']).toHaveLength(1);
    // Only the winner's posts were queued (one set, delivered by the winner's worker).
    expect(b.snapshot()['outbox']).toEqual(a.snapshot()['outbox']);
    expect(b.snapshot()['events']).toHaveLength(1);
  });

  it('adopting a version another writer started meanwhile gets the usual refusal, not a constraint error', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stagehand-two-writers-'));
    const history = join(dataDir, 'history.txt');
    writeFileSync(history, 'v0.4.21\nv0.4.22-rc1\n');
    const withHistory = { dataDir, configure: (config: Config) => ({ ...config, history: { file: history } }) };
    apps = [createTestApp(withHistory), createTestApp(withHistory)];
    const [a, b] = apps as [TestApp, TestApp];
    afterNextRead(b, () => {
      const won = a.app.desk.start(version('v0.4.22'), a.person('lead'));
      expect(won.ok).toBe(true);
    });
    const lost = await b.say('!release adopt v0.4.22 --stage 1');
    expect(lost.tone).toBe('refused');
    expect(lost.text).toBe('v0.4.22 is already in progress (stage 0).');
    expect(b.snapshot()['releases']?.filter((r) => r.includes('v0.4.22'))).toHaveLength(1);
    expect(b.snapshot()['outbox']).toEqual(a.snapshot()['outbox']);
  });

  it('the same tester answer recorded by both is one row, one history line and one notice to the leads', async () => {
    const [a, b] = twoOnOneFile();
    await startInDevTesting(a);
    const at = a.clock.now();
    for (const t of [a, b]) {
      const answered = t.app.desk.answer(undefined, t.person('infura'), 'issue', 'the gateway stalls', at);
      expect(answered.ok).toBe(true);
    }
    const snapshot = a.snapshot();
    expect(snapshot['answers']).toHaveLength(1);
    expect(snapshot['events']?.filter((e) => e.includes('answered'))).toHaveLength(1);
    expect(snapshot['outbox']?.filter((e) => e.includes('tester-issue'))).toHaveLength(2); // matrix and irc, once each
  });

  it('takes only the person\'s latest answer again as a repeat: ok, issue, ok at one instant are three answers', async () => {
    const [a, b] = twoOnOneFile();
    await startInDevTesting(a);
    const release = a.app.desk.find(version('v0.5.0'));
    if (!release) throw new Error('v0.5.0 was not started');
    const round = { releaseId: release.id, rc: 1, stage: 2 as const };
    const said = (answer: 'ok' | 'issue', note: string | null = null) => ({ org: 'Infura', person: 'infura', answer, note, at: a.clock.now() });
    expect(a.app.store.answers.record(round, said('ok'))).toBe(true);
    expect(b.app.store.answers.record(round, said('ok'))).toBe(false);
    expect(b.app.store.answers.record(round, said('issue', 'stalls'))).toBe(true);
    expect(a.app.store.answers.record(round, said('issue', 'stalls'))).toBe(false);
    expect(a.app.store.answers.record(round, said('issue', 'stalls again'))).toBe(true);
    expect(b.app.store.answers.record(round, said('ok'))).toBe(true);
    expect(a.app.store.answers.forRound(round).map((r) => r.answer)).toEqual(['ok', 'issue', 'issue', 'ok']);
  });

  it('an answer for a round another writer closed meanwhile is refused, not filed under the old round', async () => {
    const [a, b] = twoOnOneFile();
    await startInDevTesting(a);
    const before = a.snapshot()['answers'];
    // b picks v0.5.0-rc1 at stage 2; a restarts it (rc2) before b's transaction.
    const releases = b.app.store.releases;
    const active = releases.active.bind(releases);
    let raced = false;
    releases.active = () => {
      const seen = active();
      if (!raced) {
        raced = true;
        expect(a.app.desk.restart(undefined, a.person('lead'), 'a fix landed').ok).toBe(true);
      }
      return seen;
    };
    const said = await b.say('!tested ok', 'infura');
    expect(a.app.desk.find(version('v0.5.0'))?.rc).toBe(2);
    expect(said.tone).toBe('refused');
    expect(said.text).toBe('v0.5.0-rc1 changed while I was recording your answer; nothing was recorded. Please answer again.');
    expect(a.snapshot()['answers']).toEqual(before);
  });

  it('a failed post settled by one writer while the other was about to is settled once', async () => {
    const [a, b] = twoOnOneFile();
    await a.say('!release new v0.6.0');
    // A post that failed for good (as a GitHub 422 would leave it).
    a.app.store.db.prepare(`UPDATE outbox SET status = 'failed', last_error = 'GitHub answered 422' WHERE id = 1`).run();
    const outbox = b.app.store.outbox;
    const problems = outbox.problems.bind(outbox);
    let raced = false;
    outbox.problems = () => {
      const seen = problems();
      if (!raced) {
        raced = true;
        expect(a.app.desk.settleDelivery(1, a.person('lead'), 'dismiss', 'made by hand').ok).toBe(true);
      }
      return seen;
    };
    const said = await b.say('!release dismiss 1 not needed');
    expect(said.tone).toBe('refused');
    expect(said.text).toBe('#1 changed while I was settling it (delivered, or settled by someone else); nothing was changed.');
    const snapshot = b.snapshot();
    expect(snapshot['events']?.filter((e) => e.includes('post-dismissed'))).toHaveLength(1);
    expect(snapshot['outbox']?.filter((e) => e.includes('dismissed by lead: made by hand'))).toHaveLength(1);
  });
});
