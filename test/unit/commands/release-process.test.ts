/**
 * The process is chosen per release: 0.4.22, a patch number, ran the full process as a trial in 2019.
 * The kind (what the version is) keeps the version rules; the process decides stages, times and polls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../src/ground/clock.js';
import { allTestersOk, createTestApp, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('!release new --process', () => {
  it('runs v0.4.22 through the full process when asked: all five stages, feature-length times, the stage-2 poll and announcements', async () => {
    const said = await t.say('!release new v0.4.22 --process full');
    expect(said.tone, said.text).toBe('ok');
    expect(said.lines[0]).toBe('Started v0.4.22, a patch release: v0.4.22-rc1 is at stage 0 (automated testing). Stages: 0 → 1 → 2 → 3 → 4 (the full process, chosen by the lead).');
    expect(t.app.store.releases.byVersion('v0.4.22')).toMatchObject({ kind: 'patch', process: 'full' });
    t.ci.set('pass');
    expect((await t.say('!release advance')).lines[0]).toBe('v0.4.22-rc1 is now at stage 1 (internal testing).');
    expect((await t.say('!release status')).lines[0]).toMatch(/^v0\.4\.22-rc1 — patch release, full process, stage 1 \(internal testing\) for 0m, expected 7d$/);
    t.takeOutput();

    const dev = await t.say('!release advance');
    expect(dev.lines[0]).toBe('v0.4.22-rc1 is now at stage 2 (community dev testing).');
    const posts = t.takePosts();
    expect(posts.some((p) => p.startsWith('[matrix] go-ipfs v0.4.22-rc1 is ready for community dev testing'))).toBe(true);
    expect(posts.some((p) => p.startsWith('[irc] go-ipfs v0.4.22-rc1 is ready for community dev testing'))).toBe(true);
    expect(posts.some((p) => p.startsWith('[matrix testers room] poll: go-ipfs v0.4.22-rc1, dev testing'))).toBe(true);
    expect((await t.say('!testers')).text).toContain("Early testers' sign-off for v0.4.22-rc1, now in dev testing (stage 2):");

    await allTestersOk(t);
    expect((await t.say('!release advance')).lines[0]).toBe('v0.4.22-rc1 is now at stage 3 (community prod testing).');
    expect(t.takePosts().some((p) => p.startsWith('[matrix testers room] poll: go-ipfs v0.4.22-rc1, prod testing'))).toBe(true);
    await allTestersOk(t);
    expect((await t.say('!release advance')).lines[0]).toBe('Released v0.4.22 (from v0.4.22-rc1). 🎉');

    const release = t.app.store.releases.byVersion('v0.4.22')!;
    expect(release.visits.map((v) => [v.stage, v.expectedMs])).toEqual([
      [0, null],
      [1, 7 * DAY],
      [2, 7 * DAY],
      [3, 7 * DAY],
      [4, null],
    ]);
    const history = await t.say('!release history v0.4.22');
    expect(history.text).toContain('started v0.4.22 (patch release, full process) with v0.4.22-rc1');
  });

  it('keeps the default from the version: a patch number takes the patch process, x.y.0 the full one', async () => {
    await t.say('!release new v0.4.23');
    await t.say('!release new v0.5.0 --process full');
    expect(t.app.store.releases.byVersion('v0.4.23')).toMatchObject({ kind: 'patch', process: 'patch' });
    expect(t.app.store.releases.byVersion('v0.5.0')).toMatchObject({ kind: 'feature', process: 'full' });
  });

  it('lets a feature version take the patch process, skipping stage 2, with the patch times', async () => {
    const said = await t.say('!release new v0.5.0 --process patch');
    expect(said.lines[0]).toContain('Stages: 0 → 1 → 3 → 4 (the patch process, chosen by the lead).');
    t.ci.set('pass');
    await t.say('!release advance');
    expect((await t.say('!release advance')).lines[0]).toBe('v0.5.0-rc1 is now at stage 3 (community prod testing).');
    expect(t.app.store.releases.byVersion('v0.5.0')!.visits.map((v) => v.expectedMs)).toEqual([null, 1 * DAY, 2 * DAY]);
  });

  it('refuses an unknown process, changing nothing', async () => {
    const before = t.snapshot();
    const said = await t.say('!release new v0.4.22 --process quick');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('"quick" is not a process: use --process full or --process patch.');
    expect((await t.say('!release new v0.4.22 --process')).text).toContain('--process needs a full|patch.');
    expect(t.snapshot()).toEqual(before);
  });

  it('keeps the version rules of the kind: a full-process patch still branches from the release it patches', async () => {
    await t.say('!release new v0.5.0');
    t.ci.set('pass');
    for (let stage = 1; stage <= 4; stage++) {
      if (stage >= 3) await allTestersOk(t);
      await t.say('!release advance');
    }
    t.takeOutput();
    await t.say('!release new v0.5.1 --process full');
    expect(t.takePosts()[0]).toBe('[github] create branch release-v0.5.1 from v0.5.0 (unless it exists)');
    expect((await t.say('!release new v0.4.9 --process full')).text).toContain('would patch an older line');
  });
});
