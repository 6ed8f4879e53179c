import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../src/ground/clock.js';
import { allTestersOk, createTestApp, TESTERS, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** Start v0.5.0 and take it to `stage` with green CI and every tester's ok. */
async function releaseAt(stage: 0 | 1 | 2 | 3, version = 'v0.5.0'): Promise<void> {
  expect((await t.say(`!release new ${version}`)).tone).toBe('ok');
  for (let s = 0; s < stage; s++) {
    if (s === 2) await allTestersOk(t, version);
    expect((await t.say(`!release advance ${version}`)).tone).toBe('ok');
  }
  t.takeOutput();
}

const stageOf = (version: string): number | undefined => t.app.store.releases.byVersion(version)?.stage;

describe('!release new', () => {
  it('starts a feature release at stage 0 with rc1 and queues the branch, the pre-release and the issue', async () => {
    const said = await t.say('!release new 0.5.0');
    expect(said.tone).toBe('ok');
    expect(said.lines[0]).toBe('Started v0.5.0, a feature release: v0.5.0-rc1 is at stage 0 (automated testing). Stages: 0 → 1 → 2 → 3 → 4.');
    expect(said.lines[1]).toBe('Posting: github (create-branch, create-prerelease, open-issue).');
    expect(t.takePosts()).toEqual([
      '[github] create branch release-v0.5.0 from master (unless it exists)',
      '[github] create pre-release v0.5.0-rc1 on release-v0.5.0: "go-ipfs v0.5.0-rc1"',
      '[github] open issue "Release v0.5.0" labelled release',
    ]);
    expect(t.app.store.releases.byVersion('v0.5.0')).toMatchObject({ rc: 1, stage: 0, status: 'active', kind: 'feature' });
  });

  it('says a patch release skips community dev testing', async () => {
    const said = await t.say('!release new v0.4.23');
    expect(said.lines[0]).toContain('a patch release');
    expect(said.lines[0]).toContain('0 → 1 → 3 → 4');
  });

  it('refuses a version already in progress, and changes nothing', async () => {
    await t.say('!release new v0.5.0');
    t.takeOutput();
    const before = t.snapshot();
    const said = await t.say('!release new v0.5.0');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('v0.5.0 is already in progress');
    expect(t.snapshot()).toEqual(before);
    expect(t.takeOutput()).toBe('');
  });
});

describe('several active releases', () => {
  beforeEach(async () => {
    await releaseAt(0, 'v0.5.0');
    await releaseAt(0, 'v0.4.23');
  });

  it('asks which one when no version is given, for every command that needs one, and changes nothing', async () => {
    const before = t.snapshot();
    for (const text of ['!release advance', '!release restart fix merged', '!release abort not needed', '!release history']) {
      const said = await t.say(text);
      expect(said.tone, text).toBe('refused');
      expect(said.text, text).toContain('Several releases are active: v0.4.23 (stage 0, rc1), v0.5.0 (stage 0, rc1). Which one?');
      expect(said.text, text).toMatch(new RegExp(`For example:? \`?${text.split(' ').slice(0, 2).join(' ')} v0\\.4\\.23`));
    }
    expect(t.snapshot()).toEqual(before);
  });

  it('acts on the one named', async () => {
    const said = await t.say('!release advance v0.5.0');
    expect(said.tone).toBe('ok');
    expect(said.lines[0]).toBe('v0.5.0-rc1 is now at stage 1 (internal testing).');
    expect(stageOf('v0.5.0')).toBe(1);
    expect(stageOf('v0.4.23')).toBe(0);
    expect((await t.say('!release history v0.4.23')).lines[0]).toBe('History of v0.4.23 (active):');
  });

  it('shows the status of each, one headline per release', async () => {
    await t.say('!release advance v0.4.23');
    const said = await t.say('!release status', 'guest');
    expect(said.tone).toBe('info');
    const headlines = said.lines.filter((l) => /^v\d/.test(l));
    expect(headlines).toHaveLength(2);
    expect(headlines[0]).toMatch(/^v0\.4\.23-rc1 — patch release, stage 1 \(internal testing\) for 0m, expected 1d/);
    expect(headlines[1]).toMatch(/^v0\.5\.0-rc1 — feature release, stage 0 \(automated testing\)/);
    expect(said.text).toContain('projected release: 2026-01-08');
    expect(said.text).toContain('projected release: 2026-01-26');

    const one = await t.say('!release status v0.5.0');
    expect(one.lines.filter((l) => /^v\d/.test(l))).toHaveLength(1);
    expect((await t.say('!release status v0.9.0')).text).toMatch(/^There is no release v0\.9\.0\./);
  });

  it('lets a tester answer without a version when only one release is in testing', async () => {
    await t.say('!release advance v0.5.0');
    await t.say('!release advance v0.5.0');
    const said = await t.say('!tested ok', 'infura');
    expect(said.tone).toBe('ok');
    expect(said.lines[0]).toBe('Recorded for Infura: deployed, no problems on v0.5.0-rc1 (dev). A later answer replaces this one.');
  });
});

describe('!tested', () => {
  it('is refused while no release candidate is in a testing stage', async () => {
    await releaseAt(1);
    const before = t.snapshot();
    const said = await t.say('!tested ok', 'infura');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('No release candidate is waiting for testers right now.');
    expect(said.text).toContain('v0.5.0 (stage 1, rc1)');
    expect(t.snapshot()).toEqual(before);
  });

  it('refuses an issue without a note, and records nothing', async () => {
    await releaseAt(2);
    const before = t.snapshot();
    const said = await t.say('!tested issue', 'pinata');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('An issue needs a note or a link');
    expect(t.snapshot()).toEqual(before);
  });

  it('records the answer with its note, and a later answer from the same person replaces it', async () => {
    await releaseAt(2);
    const issue = await t.say('!tested issue https://github.com/ipfs/go-ipfs/issues/6254 add of several files fails', 'infura');
    expect(issue.tone).toBe('ok');
    expect(issue.lines[0]).toBe('Recorded for Infura: found a problem on v0.5.0-rc1 (dev). A later answer replaces this one.');
    expect(issue.text).toMatch(/Infura +issue +infura +2026-01-05 09:00 +https:\/\/github\.com\/ipfs\/go-ipfs\/issues\/6254 add of several files fails/);
    expect(issue.text).toContain('Gate: closed — Infura reported a problem');

    await t.clock.advanceBy(DAY);
    const ok = await t.say('!tested ok', 'infura');
    expect(ok.text).toMatch(/Infura +ok +infura +2026-01-06 09:00/);
    expect(ok.text).not.toContain('reported a problem');

    const testers = await t.say('!testers', 'guest');
    expect(testers.text).toMatch(/Infura +dev +ok +infura/);
    expect(testers.text).toContain('Gate: closed — waiting for Textile, Pinata, RTrade, QRI, Siderus.');
  });

  it('takes answers in the same minute in the order they were given', async () => {
    await releaseAt(2);
    await t.say('!tested ok', 'qri');
    const said = await t.say('!tested skip', 'qri');
    expect(said.text).toMatch(/QRI +skip +qri/);
    await t.say('!tested issue port 4001 closed after upgrade', 'qri');
    expect((await t.say('!testers')).text).toMatch(/QRI +dev +issue \(open\) +qri +2026-01-05 09:00 +port 4001 closed after upgrade/);
  });

  it('starts afresh for a new RC after a restart', async () => {
    await releaseAt(2);
    await t.say('!tested ok', 'infura');
    await t.say('!release restart fix for the bitswap CPU regression merged');
    await t.say('!release advance');
    await t.say('!release advance');
    const said = await t.say('!testers');
    expect(said.lines[0]).toBe("Early testers' sign-off for v0.5.0-rc2, now in dev testing (stage 2):");
    expect(said.text).toMatch(/Infura +dev +no answer yet/);
  });

  it('is refused when the named version is not in testing', async () => {
    await releaseAt(2);
    const said = await t.say('!tested v0.6.0 ok', 'infura');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('v0.6.0 is not waiting for testers.');
  });
});

describe('gates', () => {
  it('keeps a release at stage 0 while CI fails or is pending, saying why', async () => {
    await releaseAt(0);
    t.ci.set('fail');
    const before = t.snapshot();
    const failing = await t.say('!release advance');
    expect(failing.tone).toBe('refused');
    expect(failing.text).toMatch(/^v0\.5\.0 cannot leave stage 0 \(automated testing\) yet: CI is failing on release-v0\.5\.0/);
    expect(failing.text).toContain('--force <reason>');
    expect(t.snapshot()).toEqual(before);
    t.ci.set('pending');
    const pending = t.snapshot();
    expect((await t.say('!release advance')).text).toContain('CI is still running on release-v0.5.0');
    expect(t.snapshot()).toEqual(pending);
    expect(t.takeOutput()).toBe('');

    t.ci.set('pass');
    expect((await t.say('!release advance')).tone).toBe('ok');
    expect(stageOf('v0.5.0')).toBe(1);
  });

  it('keeps a release in community testing until every organisation signed off', async () => {
    await releaseAt(2);
    for (const name of TESTERS.slice(0, 5)) await t.say('!tested ok', name);
    const said = await t.say('!release advance');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('cannot leave stage 2 (community dev testing) yet: waiting for Siderus.');
    expect(stageOf('v0.5.0')).toBe(2);

    await t.say('!tested skip', 'siderus');
    expect((await t.say('!release advance')).lines[0]).toBe('v0.5.0-rc1 is now at stage 3 (community prod testing).');
  });

  it('does not count dev answers for prod testing', async () => {
    await releaseAt(3);
    const said = await t.say('!release advance');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('waiting for Infura, Textile, Pinata, RTrade, QRI, Siderus');
  });

  it('keeps the gate closed while a problem is open', async () => {
    await releaseAt(2);
    await allTestersOk(t);
    await t.say('!tested issue gateway returns 502 under load', 'rtrade');
    const said = await t.say('!release advance');
    expect(said.tone).toBe('refused');
    expect(said.text).toContain('RTrade reported a problem (rtrade: gateway returns 502 under load)');
  });

  it('lets a lead pass a closed gate with --force and a reason, and records it in the status and the history', async () => {
    await releaseAt(0);
    t.ci.set('fail');
    const forced = await t.say('!release advance --force CI runner is down, tests pass locally');
    expect(forced.tone).toBe('ok');
    expect(forced.lines[0]).toBe('v0.5.0-rc1 is now at stage 1 (internal testing).');
    expect(forced.lines[1]).toMatch(/^Gate overridden by lead and recorded \(it was missing: CI is failing on release-v0\.5\.0/);

    await t.say('!release advance');
    await t.say('!tested ok', 'infura');
    const second = await t.say('!release advance v0.5.0 --force the others are on holiday, ok by email');
    expect(second.tone).toBe('ok');
    expect(second.text).toContain('it was missing: waiting for Textile, Pinata, RTrade, QRI, Siderus');

    const status = await t.say('!release status', 'guest');
    expect(status.text).toMatch(/rc1: gate out of stage 0 overridden by lead on 2026-01-05: CI runner is down, tests pass locally \(was missing: CI is failing on release-v0\.5\.0/);
    expect(status.text).toContain('rc1: gate out of stage 2 overridden by lead on 2026-01-05: the others are on holiday, ok by email (was missing: waiting for Textile, Pinata, RTrade, QRI, Siderus)');

    const history = await t.say('!release history', 'guest');
    expect(history.text).toMatch(/lead: moved v0\.5\.0-rc1 from stage 0 to stage 1 \(internal testing\) — gate overridden \(was missing: CI is failing[^\n]*\) — why: CI runner is down, tests pass locally/);
    expect(history.text).toMatch(/moved v0\.5\.0-rc1 from stage 2 to stage 3 \(community prod testing\) — gate overridden[^\n]* — why: the others are on holiday, ok by email/);

    // The release issue hears about it too.
    const posts = t.takeOutput();
    expect(posts).toContain('Gate out of stage 0 overridden by lead: CI runner is down, tests pass locally');
  });

  it('does not mention an override when the gate was open', async () => {
    await releaseAt(0);
    const said = await t.say('!release advance --force just in case');
    expect(said.tone).toBe('ok');
    expect(said.text).not.toContain('overridden');
    expect((await t.say('!release status')).text).not.toContain('overridden');
  });
});

describe('!release restart and !release abort', () => {
  it('cuts the next RC at stage 0 and queues its pre-release', async () => {
    await releaseAt(2);
    const said = await t.say('!release restart fix for the bitswap CPU regression merged');
    expect(said.tone).toBe('ok');
    expect(said.lines[0]).toBe("Cut v0.5.0-rc2: back at stage 0. Stages already completed once now take 2d at most; testers' answers start afresh for this RC.");
    expect(said.lines[1]).toBe('Posting: matrix (poll-end, announce); irc (poll-end, announce); github (create-prerelease, update-issue).');
    const posts = t.takePosts();
    expect(posts[0]).toMatch(/^\[matrix testers room\] Poll closed for v0\.5\.0-rc1 \(dev testing\)/);
    expect(posts.find((p) => p.startsWith('[matrix]'))).toMatch(/^\[matrix\] go-ipfs v0\.5\.0: a fix was merged, so release candidate v0\.5\.0-rc1 is replaced by v0\.5\.0-rc2/);
    expect(posts).toContain('[github] create pre-release v0.5.0-rc2 on release-v0.5.0: "go-ipfs v0.5.0-rc2"');
    expect(t.app.store.releases.byVersion('v0.5.0')).toMatchObject({ rc: 2, stage: 0, status: 'active' });

    const status = await t.say('!release status');
    expect(status.lines[0]).toMatch(/^v0\.5\.0-rc2 — feature release, stage 0/);
    expect(status.text).toContain('rc1: restarted at stage 2 on 2026-01-05');
    expect((await t.say('!release history')).text).toContain('restarted at stage 0 with v0.5.0-rc2 (was at stage 2) — why: fix for the bitswap CPU regression merged');
  });

  it('ends a release for good and tells the testers when they had been invited', async () => {
    await releaseAt(2);
    const said = await t.say('!release abort superseded by v0.6.0');
    expect(said.tone).toBe('ok');
    expect(said.lines[0]).toBe('Aborted v0.5.0 at stage 2.');
    expect(said.lines[1]).toContain('matrix (poll-end, announce); irc (poll-end, announce)');
    const posts = t.takePosts();
    expect(posts).toContain('[matrix] go-ipfs v0.5.0 has been stopped, please stop testing it: superseded by v0.6.0');
    expect(posts).toContain('[irc] go-ipfs v0.5.0 has been stopped, please stop testing it: superseded by v0.6.0');

    const status = await t.say('!release status');
    expect(status.lines).toEqual([
      'No release is active. A lead starts one with !release new <version>.',
      'Last: v0.5.0 — feature release, aborted on 2026-01-05 (last RC rc1)',
    ]);
    expect((await t.say('!release history')).text).toContain('aborted v0.5.0 at stage 2 — why: superseded by v0.6.0');

    const reuse = await t.say('!release new v0.5.0');
    expect(reuse.tone).toBe('refused');
    expect(reuse.text).toContain('cannot be reused');
    for (const text of ['!release advance v0.5.0', '!release restart v0.5.0 again', '!release abort v0.5.0 again']) {
      expect((await t.say(text)).text, text).toBe('v0.5.0 is aborted, not active.');
    }
  });

  it('does not announce an abort in chat before testers were invited', async () => {
    await releaseAt(1);
    const said = await t.say('!release abort v0.5.0 branch cut from the wrong commit');
    expect(said.lines[1]).toBe('Posting: github (update-issue).');
    expect(t.takePosts()).toEqual(['[github] comment on "Release v0.5.0":']);
  });

  it('refuses restart and abort when nothing is active', async () => {
    for (const text of ['!release restart fix merged', '!release abort no longer needed', '!release advance']) {
      const said = await t.say(text);
      expect(said.tone, text).toBe('refused');
      expect(said.text, text).toMatch(/^No release is active\./);
    }
  });
});

describe('a whole release through the commands', () => {
  it('reaches stage 4 and then refuses to go further', async () => {
    await releaseAt(3);
    await allTestersOk(t);
    const said = await t.say('!release advance');
    expect(said.lines[0]).toBe('Released v0.5.0 (from v0.5.0-rc1). 🎉');
    expect(said.lines[1]).toBe('Posting: matrix (poll-end, announce); irc (poll-end, announce); twitter (announce); github (create-release, update-issue); blog (write-draft).');
    const posts = t.takePosts();
    expect(posts.filter((p) => p.includes('testers room] Poll closed for v0.5.0-rc1 (prod testing)'))).toHaveLength(2);
    expect(posts.filter((p) => !p.includes('testers room]')).map((p) => p.split(' ')[0])).toEqual(['[twitter]', '[github]', '[blog]', '[matrix]', '[irc]', '[github]']);
    expect((await t.say('!release advance v0.5.0')).text).toBe('v0.5.0 is released, not active.');
    expect((await t.say('!release status v0.5.0')).lines[0]).toBe('v0.5.0 — feature release, released on 2026-01-05 (last RC rc1)');
    expect((await t.say('!release status')).lines[1]).toBe('Last: v0.5.0 — feature release, released on 2026-01-05 (last RC rc1)');
    expect((await t.say('!release history')).lines[0]).toBe('History of v0.5.0 (released):');
  });
});

describe('!release schedule', () => {
  it('shows the next three branch dates, six weeks apart from the 2019-09-09 anchor', async () => {
    const said = await t.say('!release schedule', 'guest');
    expect(said.tone).toBe('info');
    // 2026-01-05 is itself a branch day: 2019-09-09 + 55 × 42 days.
    expect(said.lines.slice(0, 4)).toEqual([
      'Next feature branch dates (every 6 weeks, whatever happened to earlier releases):',
      '  - 2026-01-05',
      '  - 2026-02-16',
      '  - 2026-03-30',
    ]);
    expect(said.text).toContain('No release is active.');

    await t.clock.advanceBy(DAY);
    const later = await t.say('!release schedule');
    expect(later.lines.slice(1, 4)).toEqual(['  - 2026-02-16', '  - 2026-03-30', '  - 2026-05-11']);
    const dates = later.lines.slice(1, 4).map((l) => Date.parse(l.slice(4)));
    expect(dates[1]! - dates[0]!).toBe(42 * DAY);
    expect(dates[2]! - dates[1]!).toBe(42 * DAY);
  });

  it('projects the stages of each active release', async () => {
    await releaseAt(1);
    const said = await t.say('!release schedule');
    expect(said.text).toContain('v0.5.0-rc1 projection (if each stage takes its expected time):');
    expect(said.text).toContain('  - stage 1 (internal testing): now → 2026-01-12');
    expect(said.text).toContain('  - stage 2 (community dev testing): 2026-01-12 → 2026-01-19');
    expect(said.text).toContain('  - stage 3 (community prod testing): 2026-01-19 → 2026-01-26');
    expect(said.text).toContain('  - release v0.5.0: 2026-01-26');
    expect(said.text).not.toContain('stage 0');
  });

  it('names the version each branch date cuts, and says which feature release is still running', async () => {
    await releaseAt(1);
    const said = await t.say('!release schedule');
    expect(said.lines.slice(1, 4)).toEqual(['  - 2026-01-05 — v0.6.0', '  - 2026-02-16 — v0.7.0', '  - 2026-03-30 — v0.8.0']);
    expect(said.text).toContain('Still running: v0.5.0-rc1 (stage 1); the next branch date holds regardless.');
  });
});
