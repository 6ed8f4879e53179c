/**
 * The testers' poll lifecycle as the desk commits it (local mode, real store): opened on entering stages 2
 * and 3, closed with the results on advance, restart and abort, a fresh poll per RC, nothing carried over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EffectPayload } from '../../../src/ground/effects.js';
import { allTestersOk, createTestApp, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

interface PollRow {
  key: string;
  payload: EffectPayload;
}

/** Poll effects queued so far, in commit order. */
function polls(t: TestApp): PollRow[] {
  return t.app.store.db
    .prepare<[], { key: string; payload: string }>('SELECT key, payload FROM outbox ORDER BY id')
    .all()
    .map((r) => ({ key: r.key, payload: JSON.parse(r.payload) as EffectPayload }))
    .filter((r) => r.payload.action === 'poll-start' || r.payload.action === 'poll-end');
}

const keys = (rows: readonly PollRow[]): string[] => rows.map((r) => r.key);

async function toStage(t: TestApp, stage: number): Promise<void> {
  for (let i = 0; i < 5 && (t.app.desk.active()[0]?.stage ?? 0) < stage; i += 1) {
    const said = await t.say('!release advance --force testing the polls');
    if (said.tone !== 'ok') throw new Error(said.text);
  }
}

describe('the testers’ poll lifecycle', () => {
  it('opens at stage 2 and 3 and closes on each advance, with the results at commit time', async () => {
    t = createTestApp();
    await t.say('!release new v0.5.0');
    await toStage(t, 2);
    expect(keys(polls(t))).toEqual(['v0.5.0-rc1/stage-2/matrix/poll-start', 'v0.5.0-rc1/stage-2/irc/poll-start']);
    const start = polls(t)[0]!.payload;
    expect(start).toMatchObject({ action: 'poll-start', release: 'v0.5.0', rc: 1, stage: 2, mentions: ['infura', 'textile', 'pinata', 'rtrade', 'qri', 'siderus'] });

    await allTestersOk(t);
    await t.say('!tested skip', 'qri');
    await t.say('!release advance');
    const afterDev = polls(t).slice(2);
    expect(keys(afterDev)).toEqual([
      'v0.5.0-rc1/stage-3/matrix/poll-end',
      'v0.5.0-rc1/stage-3/irc/poll-end',
      'v0.5.0-rc1/stage-3/matrix/poll-start',
      'v0.5.0-rc1/stage-3/irc/poll-start',
    ]);
    expect(afterDev[0]!.payload).toMatchObject({
      action: 'poll-end',
      rc: 1,
      stage: 2,
      startKey: 'v0.5.0-rc1/stage-2/matrix/poll-start',
      text: expect.stringMatching(/^Poll closed for v0\.5\.0-rc1 \(dev testing\): ok: 5, problem: 0, skip: 1, no answer: 0 — Infura: ok \(infura\)/),
    });
    // Nothing carried over from dev: the prod round starts empty.
    const release = t.app.desk.active()[0]!;
    expect(t.app.desk.testerRound(release)?.signoff.every((o) => o.state === 'waiting')).toBe(true);

    await allTestersOk(t);
    await t.say('!release advance');
    expect(keys(polls(t).slice(6))).toEqual(['v0.5.0/release/matrix/poll-end', 'v0.5.0/release/irc/poll-end']);
  });

  it('closes the poll on a restart and polls the new RC afresh when it reaches the stage', async () => {
    t = createTestApp();
    await t.say('!release new v0.5.0');
    await toStage(t, 2);
    await t.say('!tested ok', 'infura');
    await t.say('!release restart fix merged');
    expect(keys(polls(t).slice(2))).toEqual(['v0.5.0-rc2/cut/matrix/poll-end', 'v0.5.0-rc2/cut/irc/poll-end']);
    expect(polls(t)[2]!.payload).toMatchObject({ rc: 1, stage: 2, text: expect.stringContaining('ok: 1,') });
    await toStage(t, 2);
    expect(keys(polls(t).slice(4))).toEqual(['v0.5.0-rc2/stage-2/matrix/poll-start', 'v0.5.0-rc2/stage-2/irc/poll-start']);
    const release = t.app.desk.active()[0]!;
    expect(t.app.desk.testerRound(release)?.signoff.find((o) => o.org === 'Infura')?.state).toBe('waiting');
  });

  it('closes the poll on an abort; a stage without a poll closes none', async () => {
    t = createTestApp();
    await t.say('!release new v0.5.0');
    await toStage(t, 1);
    expect(polls(t)).toEqual([]);
    await toStage(t, 2);
    await t.say('!release abort not going to happen');
    expect(keys(polls(t).slice(2))).toEqual(['v0.5.0/abort/matrix/poll-end', 'v0.5.0/abort/irc/poll-end']);
  });

  it('mentions the leads at once when a tester reports a problem, and the gate stays closed until they answer again', async () => {
    t = createTestApp();
    await t.say('!release new v0.5.0');
    await toStage(t, 2);
    await allTestersOk(t);
    t.takeOutput();
    await t.say('!tested issue https://example.org/6254 add fails', 'infura');
    const posts = t.takePosts();
    expect(posts).toContainEqual(expect.stringMatching(/^\[matrix release room\] @lead: infura \(Infura\) found a problem on v0\.5\.0-rc1 \(community dev testing\): https:\/\/example\.org\/6254 add fails\./));
    expect((await t.say('!release advance')).text).toContain('Infura reported a problem');
    await t.say('!tested ok', 'infura');
    expect((await t.say('!release advance')).text).toContain('is now at stage 3');
  });
});
