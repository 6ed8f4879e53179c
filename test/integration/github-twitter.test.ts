/**
 * Stagehand against local fake GitHub and X/Twitter servers that keep state and refuse any request the
 * official API descriptions do not allow. The app is the real one (createApp with `github:` and
 * `twitter:` sections), driven through its commands with a manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/ground/clock.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { ciGreen as liveCiGreen, expectOneCleanRelease, fullRelease } from '../helpers/live-release.js';
import { allTestersOk, createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';

let fakes: LiveFakes;
let t: TestApp;

liveFakesForEachTest((started) => {
  fakes = started;
  oneCommitOnMaster(fakes);
  fakes.github.commit('master', 'docs: config reference (#6002)', { title: 'docs: config reference', user: 'bob' });
});

afterEach(async () => {
  await t?.close();
});

function open(options: Omit<TestAppOptions, 'configFile'> = {}): TestApp {
  t = createTestApp({ ...options, configFile: fakes.configFile });
  return t;
}

const ciGreen = (): void => liveCiGreen(fakes);

describe('a feature release against GitHub and X/Twitter', () => {
  it('creates one branch, one issue ticked through and closed, a pre-release per RC, the final release and two posts', async () => {
    open();
    await fullRelease(t, fakes);
    expectOneCleanRelease(t, fakes);
    const { github, twitter } = fakes;
    const rc1 = github.releases[0]!;
    expect(rc1.target_commitish).toBe('release-v0.5.0');
    expect(rc1.body).toContain('core: faster bitswap by @alice');
    expect(rc1.body).toContain('docs: config reference by @bob');
    expect(github.resolve('tags/v0.5.0-rc1')).toBe(github.resolve('heads/release-v0.5.0'));
    const issue = github.issues[0]!;
    // The checklist was ticked stage by stage: each update ticked more items than the one before.
    const ticked = issue.bodies.map((b) => (b.match(/- \[x\]/g) ?? []).length);
    expect(ticked).toEqual([...ticked].sort((a, b) => a - b));
    expect(new Set(ticked).size).toBe(issue.bodies.length);
    expect(issue.comments[0]!.body).toMatch(/^v0\.5\.0-rc1 entered stage 1 \(internal testing\): moved by lead on /);
    const closing = issue.comments[3]!.body;
    expect(closing).toContain('**Timeline**');
    expect(closing).toContain("**Early testers' sign-off (prod)**");
    expect(closing).toContain('- Infura: ok by infura');
    expect(twitter.posts.map((p) => p.text)).toEqual([
      'go-ipfs v0.5.0-rc1 is a release candidate ready for production testing. Try it on your nodes and tell us what you find: https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1',
      'go-ipfs v0.5.0 is out! https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0',
    ]);
  });

  it('adopts an issue opened for the version by hand instead of opening another, keeping its body', async () => {
    fakes.github.issues.push({ number: 1, title: 'Release v0.5.0', body: 'todo', state: 'open', labels: ['release'], comments: [], bodies: ['todo'] });
    open();
    await fullRelease(t, fakes);
    expectOneCleanRelease(t, fakes);
    const body = fakes.github.issues[0]!.body;
    // The person's text stays; Stagehand adds only its status block.
    expect(body).toMatch(/^<!-- stagehand:status -->\n\*\*Status:\*\* released on [^\n]+\n[\s\S]*<!-- \/stagehand:status -->\n\ntodo$/);
  });
});

describe('a patch release', () => {
  it('branches from the release it patches; the notes list only the pull requests merged since it', async () => {
    open();
    await fullRelease(t, fakes);
    expect((await t.say('!release new v0.5.1')).tone).toBe('ok');
    const { github } = fakes;
    expect(github.resolve('heads/release-v0.5.1')).toBe(github.resolve('tags/v0.5.0'));
    expect(github.releases.find((r) => r.tag_name === 'v0.5.1-rc1')!.body).not.toContain('core: faster bitswap');
    // The fix is merged into the patch branch; the next RC's notes list it, and only it.
    github.commit('release-v0.5.1', 'fix: panic on shutdown (#6030)', { title: 'fix: panic on shutdown', user: 'dave' });
    expect((await t.say('!release restart the shutdown fix is merged')).tone).toBe('ok');
    const rc2 = github.releases.find((r) => r.tag_name === 'v0.5.1-rc2')!;
    expect(rc2.body).toContain('fix: panic on shutdown by @dave');
    expect(rc2.body).not.toContain('core: faster bitswap');
    expect(rc2.body).toContain('compare/v0.5.0...v0.5.1-rc2');
    expect(github.issues.map((i) => i.title)).toEqual(['Release v0.5.0', 'Release v0.5.1']);
    expect(fakes.rejections()).toEqual([]);
  });
});

describe('a restart', () => {
  it('cuts rc2 on the branch head, re-opens the checklist from stage 0 and says why', async () => {
    open();
    await t.say('!release new v0.5.0');
    ciGreen();
    await t.say('!release advance');
    await t.say('!release advance');
    fakes.github.commit('release-v0.5.0', 'fix: bitswap CPU regression (#6010)', { title: 'fix: bitswap CPU regression', user: 'carol' });
    expect((await t.say('!release restart fix for the bitswap CPU regression merged')).tone).toBe('ok');
    const { github } = fakes;
    expect(fakes.rejections()).toEqual([]);
    expect(github.releases.map((r) => r.tag_name)).toEqual(['v0.5.0-rc1', 'v0.5.0-rc2']);
    expect(github.resolve('tags/v0.5.0-rc2')).toBe(github.resolve('heads/release-v0.5.0'));
    expect(github.releases[1]!.body).toContain('fix: bitswap CPU regression by @carol');
    const issue = github.issues[0]!;
    expect(issue.comments.at(-1)!.body).toContain('Restarted at stage 0 with v0.5.0-rc2 by lead');
    expect(issue.comments.at(-1)!.body).toContain('fix for the bitswap CPU regression merged');
    expect(issue.body).toContain('`v0.5.0-rc2`');
    expect(issue.body).toMatch(/## Stage 0[^#]*- \[ \] CI is green on `release-v0.5.0`/);
    // rc2 goes through to the release: still one branch and one issue, and one pre-release per RC.
    ciGreen();
    for (let stage = 1; stage <= 4; stage++) {
      if (stage >= 3) await allTestersOk(t);
      expect((await t.say('!release advance')).tone).toBe('ok');
    }
    expect(github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
    expect(github.releases.map((r) => [r.tag_name, r.prerelease])).toEqual([
      ['v0.5.0-rc1', true],
      ['v0.5.0-rc2', true],
      ['v0.5.0', false],
    ]);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.state).toBe('closed');
    expect(fakes.twitter.posts).toHaveLength(2);
    expect(fakes.rejections()).toEqual([]);
  });
});

describe('the 0→1 gate reads GitHub CI on the release branch head', () => {
  it('says what is still running, names what fails, and opens when all is green', async () => {
    open();
    await t.say('!release new v0.5.0');
    const { github } = fakes;
    const nothingYet = await t.say('!release advance');
    expect(nothingYet.tone).toBe('refused');
    expect(nothingYet.text).toContain('CI is still running on release-v0.5.0: no CI has reported on');

    github.setStatus('release-v0.5.0', 'ci/circleci', 'pending');
    github.setCheckRun('release-v0.5.0', 'interop', 'in_progress');
    const pending = await t.say('!release advance');
    expect(pending.text).toContain('CI is still running on release-v0.5.0: ci/circleci, interop');

    github.setStatus('release-v0.5.0', 'ci/circleci', 'success');
    github.setCheckRun('release-v0.5.0', 'interop', 'completed', 'failure');
    github.setCheckRun('release-v0.5.0', 'lint', 'completed', 'timed_out');
    const failing = await t.say('!release advance');
    expect(failing.tone).toBe('refused');
    expect(failing.text).toContain('CI is failing on release-v0.5.0: interop, lint');

    github.setCheckRun('release-v0.5.0', 'interop', 'completed', 'success');
    github.setCheckRun('release-v0.5.0', 'lint', 'completed', 'neutral');
    const green = await t.say('!release advance');
    expect(green.tone, green.text).toBe('ok');
    expect(t.app.desk.active()[0]!.stage).toBe(1);
    expect(fakes.rejections()).toEqual([]);
  });
});

describe('the branch watcher', () => {
  it('tells the leads once about new commits on the release branch; unchanged polls are 304s', async () => {
    open();
    await t.app.start();
    await t.say('!release new v0.5.0');
    ciGreen();
    await t.say('!release advance');
    t.takeOutput();
    await t.clock.advanceBy(MINUTE);
    await t.app.worker.idle();
    expect(t.takePosts()).toEqual([]);
    const before = fakes.github.notModified;
    await t.clock.advanceBy(3 * MINUTE);
    expect(fakes.github.notModified).toBe(before + 3);

    const sha = fakes.github.commit('release-v0.5.0', 'fix: crash on empty repo (#6020)');
    await t.clock.advanceBy(MINUTE);
    await t.app.worker.idle();
    const notice = t.takeOutput();
    expect(notice).toContain(`New commits on release-v0.5.0 since v0.5.0-rc1: ${sha.slice(0, 7)} fix: crash on empty repo (#6020).`);
    expect(notice).toContain('!release restart v0.5.0 <reason> cuts v0.5.0-rc2');
    expect(notice).toContain('!release ignore v0.5.0 <sha> <reason>');
    // Told once: later polls of the same head say nothing.
    await t.clock.advanceBy(5 * MINUTE);
    await t.app.worker.idle();
    expect(t.takePosts()).toEqual([]);

    // The lead ignores it; another commit is then reported on its own.
    const ignored = await t.say(`!release ignore ${sha.slice(0, 9)} only touches a test`);
    expect(ignored.tone, ignored.text).toBe('ok');
    expect((await t.say('!release history')).text).toContain(`ignored commit ${sha.slice(0, 9)} on release-v0.5.0 (kept v0.5.0-rc1)`);
    const next = fakes.github.commit('release-v0.5.0', 'fix: real bug (#6021)');
    await t.clock.advanceBy(MINUTE);
    await t.app.worker.idle();
    const second = t.takeOutput();
    expect(second).toContain(`since v0.5.0-rc1: ${next.slice(0, 7)} fix: real bug (#6021).`);
    expect(second).not.toContain(sha.slice(0, 7));
    expect(fakes.rejections()).toEqual([]);
  });

  it('refuses an ignore without a commit id or a reason', async () => {
    open();
    await t.say('!release new v0.5.0');
    expect((await t.say('!release ignore zzz docs')).text).toContain('"zzz" is not a commit id');
    expect((await t.say('!release ignore 1a2b3c4d')).text).toContain('Missing reason: why it needs no new RC');
  });
});
