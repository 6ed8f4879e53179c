/**
 * The project's real history on GitHub (its release tags and releases) read into Stagehand, and a release
 * in flight taken over — against the fake GitHub, which refuses any request @octokit/openapi does not allow.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest } from '../helpers/live-fakes-each-test.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let fakes: LiveFakes;
let t: TestApp;

/** go-ipfs in mid-2019: v0.4.18 to v0.4.21 released (each on its own commit), and unrelated tags. */
liveFakesForEachTest((started) => {
  fakes = started;
  const { github } = fakes;
  for (const patch of [18, 19, 20, 21]) {
    const sha = github.commit('master', `release v0.4.${patch}`);
    github.tag(`v0.4.${patch}-rc1`, sha);
    github.seedRelease(`v0.4.${patch}`, { sha, publishedAt: `2019-0${patch - 14}-01T12:00:00Z` });
  }
  github.tag('v0.4.22-dev', github.resolve('heads/master')!);
  github.tag('latest', github.resolve('heads/master')!);
  github.commit('master', 'core: after v0.4.21 (#6100)', { title: 'core: after v0.4.21', user: 'alice' });
});

afterEach(async () => {
  await t?.close();
});

function open(): TestApp {
  t = createTestApp({ configFile: fakes.configFile });
  return t;
}

const writes = (method: string, path: RegExp): number => fakes.github.count(method, path);

describe('!release sync', () => {
  it('imports the released versions as past releases, posts nothing, and changes nothing when repeated', async () => {
    open();
    const synced = await t.say('!release sync');
    expect(synced.tone, synced.text).toBe('ok');
    expect(synced.text).toContain('Imported 4 past releases from GitHub ipfs/go-ipfs: v0.4.18, v0.4.19, v0.4.20, v0.4.21. Nothing was posted.');
    const v21 = t.app.store.releases.byVersion('v0.4.21')!;
    expect(v21).toMatchObject({ status: 'released', stage: 4, origin: 'github', kind: 'patch', process: 'patch', endedAt: Date.parse('2019-07-01T12:00:00Z') });
    expect(t.app.store.releases.byVersion('v0.4.22')).toBeUndefined();
    expect(t.app.store.outbox.pendingCount()).toBe(0);
    expect(t.takePosts()).toEqual([]);
    const history = await t.say('!release history v0.4.21');
    expect(history.text).toContain('imported v0.4.21 as released from GitHub ipfs/go-ipfs (tag v0.4.21, RC tags up to v0.4.21-rc1)');

    const before = t.snapshot();
    const again = await t.say('!release sync');
    expect(again.text).toBe('Nothing new in GitHub ipfs/go-ipfs: 4 past releases already known.');
    expect(t.snapshot()).toEqual(before);
    expect(fakes.rejections()).toEqual([]);
  });

  it('runs at start, in the background', async () => {
    open();
    await t.app.start();
    // The sync talks to a real (local) HTTP server: poll with a bound, never a fixed sleep.
    for (let i = 0; i < 500 && !t.app.store.releases.byVersion('v0.4.21'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.app.store.releases.byVersion('v0.4.21')).toMatchObject({ status: 'released', origin: 'github' });
    expect(t.app.store.releases.byVersion('v0.4.18')).toMatchObject({ status: 'released', origin: 'github' });
    expect((await t.say('!release history v0.4.21')).text).toContain('imported v0.4.21 as released from GitHub ipfs/go-ipfs');
  });

  it('reads every page of tags and releases', async () => {
    const { github } = fakes;
    const sha = github.resolve('heads/master')!;
    for (let patch = 0; patch < 130; patch++) github.tag(`v0.3.${patch}`, sha);
    open();
    const synced = await t.say('!release sync');
    expect(synced.text).toContain('Imported 134 past releases');
    expect(github.count('GET', /\/tags$/)).toBe(2);
    expect(fakes.rejections()).toEqual([]);
  });

  it('feeds the version rules: a backport and a version below the latest are refused, a patch branches from the latest tag of its line', async () => {
    open();
    await t.say('!release sync');
    const again = await t.say('!release new v0.4.20');
    expect(again.tone).toBe('refused');
    expect(again.text).toBe('v0.4.20 was already released on 2019-06-01.');
    const below = await t.say('!release new v0.4.17');
    expect(below.text).toBe('v0.4.17 is not above v0.4.21, the latest release of the 0.4 line.');
    const older = await t.say('!release new v0.3.9');
    expect(older.text).toContain('v0.3.9 would patch an older line');
    expect(t.app.store.releases.active()).toEqual([]);

    const patch = await t.say('!release new v0.4.22');
    expect(patch.tone, patch.text).toBe('ok');
    const { github } = fakes;
    // From the v0.4.21 tag, not from master (which has moved on since).
    expect(github.resolve('heads/release-v0.4.22')).toBe(github.resolve('tags/v0.4.21'));
    expect(github.resolve('heads/release-v0.4.22')).not.toBe(github.resolve('heads/master'));
    // Its notes count from the imported v0.4.21; master's later work is not on the patch branch.
    const notes = github.releases.find((r) => r.tag_name === 'v0.4.22-rc1')!.body;
    expect(notes).toContain('compare/v0.4.21...v0.4.22-rc1');
    expect(notes).not.toContain('core: after v0.4.21');
    expect(fakes.rejections()).toEqual([]);
  });

  it('says so when GitHub cannot be read, and changes nothing', async () => {
    open();
    fakes.github.http.failNext('GET', /\/tags$/, { status: 500, body: { message: 'boom' } });
    const before = t.snapshot();
    const said = await t.say('!release sync');
    expect(said.tone).toBe('refused');
    expect(said.text).toMatch(/^Could not read the history from GitHub ipfs\/go-ipfs: .*500.*Nothing was changed\.$/);
    expect(t.snapshot()).toEqual(before);
  });

  it('when GitHub cannot be reached, says why, not "GitHub answered 500" (the HTTP client\'s no-answer status)', async () => {
    open();
    await fakes.github.http.close();
    const before = t.snapshot();
    const said = await t.say('!release sync');
    expect(said.tone).toBe('refused');
    expect(said.text).toMatch(/^Could not read the history from GitHub ipfs\/go-ipfs: GitHub could not be reached: connect ECONNREFUSED 127\.0\.0\.1:\d+\. Nothing was changed\.$/);
    expect(t.snapshot()).toEqual(before);
  });
});

describe('!release adopt', () => {
  /** v0.4.22 in flight: its branch, rc1 tag and pre-release, and the release issue people opened. */
  function inFlight(): void {
    const { github } = fakes;
    const sha = github.commit('release-v0.4.22', 'release v0.4.22-rc1');
    github.seedRelease('v0.4.22-rc1', { sha, prerelease: true });
    github.seedIssue('Release v0.4.22', '# go-ipfs 0.4.22 release\n\nWhat is left: the bitswap fix.\n', ['release']);
  }

  it('takes v0.4.22 over at stage 1 from its latest RC, posting nothing that exists; the next advance works as usual', async () => {
    inFlight();
    open();
    const synced = await t.say('!release sync');
    expect(synced.text).toContain('v0.4.22 is in flight (RC tags up to rc1, no final tag): take it over with !release adopt v0.4.22 --stage N.');
    t.takeOutput();
    const refs = writes('POST', /\/git\/refs$/);

    const adopted = await t.say('!release adopt v0.4.22 --stage 1');
    expect(adopted.tone, adopted.text).toBe('ok');
    expect(adopted.lines[0]).toBe('Adopted v0.4.22 (patch release, patch process): v0.4.22-rc1 is at stage 1 (internal testing). Stages: 0 → 1 → 3 → 4.');
    const release = t.app.store.releases.byVersion('v0.4.22')!;
    expect(release).toMatchObject({ status: 'active', rc: 1, stage: 1, origin: 'adopted', completedStages: [0] });
    const { github } = fakes;
    // No branch, no pre-release for rc1, no second issue, no announcement.
    expect(writes('POST', /\/git\/refs$/)).toBe(refs);
    expect(writes('POST', /\/releases$/)).toBe(0);
    expect(writes('POST', /\/issues$/)).toBe(0);
    expect(github.issues).toHaveLength(1);
    // The issue people opened was found and adopted (its body updated), not a second one opened.
    expect(writes('PATCH', /\/issues\/1$/)).toBe(1);
    expect(t.takePosts().filter((p) => !p.startsWith('[github]'))).toEqual([]);
    const history = await t.say('!release history v0.4.22');
    expect(history.text).toContain('adopted v0.4.22 in flight (patch release, patch process) at v0.4.22-rc1, stage 1 (internal testing)');

    const advanced = await t.say('!release advance');
    expect(advanced.tone, advanced.text).toBe('ok');
    expect(advanced.lines[0]).toBe('v0.4.22-rc1 is now at stage 3 (community prod testing).');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.comments.at(-1)!.body).toMatch(/^v0\.4\.22-rc1 entered stage 3 \(community prod testing\)/);
    expect(fakes.twitter.posts.map((p) => p.text).join('\n')).toContain('v0.4.22-rc1');
    expect(writes('POST', /\/releases$/)).toBe(0);
    expect(fakes.rejections()).toEqual([]);
  });

  it('adopts at the latest RC, on the full process when asked', async () => {
    inFlight();
    const { github } = fakes;
    github.tag('v0.4.22-rc2', github.commit('release-v0.4.22', 'fix (#6200)'));
    open();
    const adopted = await t.say('!release adopt v0.4.22 --stage 2 --process full');
    expect(adopted.tone, adopted.text).toBe('ok');
    expect(t.app.store.releases.byVersion('v0.4.22')).toMatchObject({ rc: 2, stage: 2, process: 'full', completedStages: [0, 1] });
    expect((await t.say('!release status')).lines[0]).toMatch(/^v0\.4\.22-rc2 — patch release, full process, stage 2 \(community dev testing\)/);
    expect(writes('POST', /\/releases$/)).toBe(0);
    expect(writes('POST', /\/issues$/)).toBe(0);
  });

  it('refuses what cannot be adopted, changing nothing', async () => {
    open();
    const before = t.snapshot();
    const none = await t.say('!release adopt v0.4.23 --stage 1');
    expect(none.text).toContain('GitHub ipfs/go-ipfs has no RC tag of v0.4.23 (such as v0.4.23-rc1), so there is nothing in flight to adopt. Start it with !release new v0.4.23.');
    const released = await t.say('!release adopt v0.4.21 --stage 1');
    expect(released.text).toContain('v0.4.21 was already released');
    inFlight();
    expect((await t.say('!release adopt v0.4.22')).text).toContain('Missing --stage N');
    expect((await t.say('!release adopt v0.4.22 --stage 7')).text).toContain('"7" is not a stage to adopt at');
    expect((await t.say('!release adopt v0.4.22 --stage 2')).text).toContain('The patch process has no stage 2');
    expect((await t.say('!release adopt v0.4.22 --stage 1 --process quick')).text).toContain('"quick" is not a process');
    expect(t.app.store.releases.active()).toEqual([]);
    // Only the imported history changed.
    const after = t.snapshot();
    expect(after['outbox']).toEqual(before['outbox']);
    expect(writes('POST', /./)).toBe(0);
  });
});
