/** Steps and checks shared by the live GitHub/Twitter scenario tests. */
import { expect } from 'vitest';
import type { LiveFakes } from './live-fakes.js';
import { allTestersOk, type TestApp } from './test-app.js';

/** CI is green on the release branch head: a commit status and a check run, both successful. */
export function ciGreen(fakes: LiveFakes, branch = 'release-v0.5.0'): void {
  fakes.github.setStatus(branch, 'ci/circleci', 'success');
  fakes.github.setCheckRun(branch, 'build', 'completed', 'success');
}

/** From the current stage to the release, every gate passing (CI green, every tester ok). */
export async function advanceToRelease(t: TestApp, fakes: LiveFakes): Promise<void> {
  ciGreen(fakes);
  for (let stage = t.app.desk.active()[0]!.stage + 1; stage <= 4; stage++) {
    if (stage >= 3) await allTestersOk(t);
    const said = await t.say('!release advance');
    expect(said.tone, said.text).toBe('ok');
  }
}

/** v0.5.0 from start to release. */
export async function fullRelease(t: TestApp, fakes: LiveFakes): Promise<void> {
  expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
  await advanceToRelease(t, fakes);
}

/** Run due retries until nothing is left to deliver (each step moves the manual clock a little). */
export async function drain(t: TestApp, stepMs = 1_000, maxSteps = 50): Promise<void> {
  for (let i = 0; i < maxSteps && t.app.store.outbox.pendingCount() > 0; i++) {
    await t.clock.advanceBy(stepMs);
    await t.app.worker.idle();
  }
  expect(t.app.store.outbox.pendingCount()).toBe(0);
}

/** What "exactly once" means for one feature release with one RC. */
export function expectOneCleanRelease(t: TestApp, fakes: LiveFakes): void {
  const { github, twitter } = fakes;
  expect(fakes.rejections()).toEqual([]);
  expect(github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
  expect(github.releases.map((r) => [r.tag_name, r.prerelease])).toEqual([
    ['v0.5.0-rc1', true],
    ['v0.5.0', false],
  ]);
  expect(github.issues).toHaveLength(1);
  const issue = github.issues[0]!;
  expect(issue.title).toBe('Release v0.5.0');
  expect(issue.labels).toEqual(['release']);
  expect(issue.state).toBe('closed');
  expect(issue.body).not.toMatch(/- \[ \]/);
  // One comment per stage change (1, 2, 3, 4), each carrying its effect's marker once.
  expect(issue.comments).toHaveLength(4);
  const markers = issue.comments.map((c) => /<!-- stagehand:(.+) -->/.exec(c.body)?.[1]);
  expect(new Set(markers).size).toBe(4);
  expect(twitter.posts).toHaveLength(2);
  expect(t.app.desk.deliveryProblems().filter((p) => p.status === 'failed')).toEqual([]);
}
