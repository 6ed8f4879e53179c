/**
 * The release issue as a shared document, against the fake GitHub: the go-ipfs-shaped template of 2019
 * (test/fixtures/go-ipfs-2019-release-issue.md: stage list items with nested items 3 deep, a per-RC list,
 * Post-Release, X.Y.Z placeholders, CRLF) ticked stage by stage with the version filled in; people's edits
 * between stages, and a save racing Stagehand's write, all found in the closed issue; a person's issue adopted
 * with its body kept.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/release/stages.js';
import { scanChecklist, type ChecklistItem } from '../../src/text/checklist-scan.js';
import type { FakeIssue } from '../fakes/fake-github.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { ciGreen } from '../helpers/live-release.js';
import { allTestersOk, createTestApp, type TestApp } from '../helpers/test-app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/go-ipfs-2019-release-issue.md', import.meta.url));

let fakes: LiveFakes;
let t: TestApp;

liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));
afterEach(async () => {
  await t?.close();
});

function open(): TestApp {
  t = createTestApp({ configFile: fakes.configFile, configure: (c) => ({ ...c, templates: { ...c.templates, checklist: FIXTURE } }) });
  return t;
}

async function ok(command: string, as?: string): Promise<void> {
  const said = await t.say(command, as);
  expect(said.tone, `${command}: ${said.text}`).toBe('ok');
}

const issue = (): FakeIssue => fakes.github.issues[0]!;
const items = (): ChecklistItem[] => scanChecklist(issue().body);
const item = (text: string): ChecklistItem => {
  const found = items().find((i) => i.text === text);
  if (!found) throw new Error(`no item "${text}"`);
  return found;
};
/** Per stage (and 'people' for items outside stages): 'ticked', 'open' or 'mixed'. */
function state(): Record<string, string> {
  const by = new Map<string, boolean[]>();
  for (const i of items()) by.set(i.stage === null ? 'people' : String(i.stage), [...(by.get(i.stage === null ? 'people' : String(i.stage)) ?? []), i.checked]);
  return Object.fromEntries([...by].map(([k, v]) => [k, v.every(Boolean) ? 'ticked' : v.every((x) => !x) ? 'open' : 'mixed']));
}
/** As expectStages, for a body where a person ticked a box (so their stage is 'mixed'). */
const expectStagesExceptPeople = (ticked: readonly Stage[], open: readonly Stage[]): void => {
  const s = state();
  for (const stage of ticked) expect(s[String(stage)], `stage ${stage}`).toBe('ticked');
  for (const stage of open) expect(s[String(stage)], `stage ${stage}`).toBe('open');
};
const expectStages = (ticked: readonly Stage[], open: readonly Stage[]): void => {
  const s = state();
  for (const stage of ticked) expect(s[String(stage)], `stage ${stage}`).toBe('ticked');
  for (const stage of open) expect(s[String(stage)], `stage ${stage}`).toBe('open');
  expect(s['people']).toBe('open');
};
/** Toggle one box the way a person does in GitHub's editor. */
const setBox = (body: string, text: string, ticked: boolean): string => {
  const found = scanChecklist(body).find((i) => i.text === text);
  if (!found) throw new Error(`no item "${text}"`);
  return body.slice(0, found.boxAt) + (ticked ? 'x' : ' ') + body.slice(found.boxAt + 1);
};

describe('the go-ipfs-shaped template', () => {
  it('a feature release: the title and placeholders carry the version; each stage ticks its own items in turn', async () => {
    open();
    await ok('!release new v0.5.0');
    expect(issue().title).toBe('go-ipfs 0.5.0 Release');
    const body = issue().body;
    expect(body).not.toMatch(/X\.Y\.Z|X\.\(Y\+1\)/);
    expect(body).toContain('Freeze features on `release-v0.5.0`, forked from `master`.');
    expect(body).toContain('Bump `master` to `v0.6.0-dev`, so the next cycle (0.6.0) starts.');
    expect(body).toContain('- tag the commit as v0.5.0-rcN\r\n');
    expect(body.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(body).toContain('<!-- stagehand:status -->');
    expect(items()).toHaveLength(59);
    expectStages([], [0, 1, 2, 3, 4]);

    ciGreen(fakes);
    const path: Stage[] = [1, 2, 3, 4];
    for (const stage of path) {
      if (stage >= 3) await allTestersOk(t);
      await ok('!release advance');
      const passed = path.filter((s) => s <= stage).map((s) => (s - 1) as Stage);
      expectStages(stage === 4 ? [0, 1, 2, 3, 4] : passed, ([0, 1, 2, 3, 4] as Stage[]).filter((s) => !passed.includes(s) && !(stage === 4 && s === 4)));
    }
    expect(item('the preload nodes').checked).toBe(true); // three levels under Stage 1
    expect(item('**Post-Release**').checked).toBe(false);
    expect(issue().state).toBe('closed');
    expect(fakes.rejections()).toEqual([]);

    const status = await t.say('!release status v0.5.0');
    expect(status.text).toContain('release issue checklist: 53 of 59 ticked, 0 of them by people');
  });

  it('a patch release: stage 2 is skipped (its items stay open and it says so), the others tick in turn', async () => {
    open();
    await ok('!release new v0.5.1');
    expect(issue().title).toBe('go-ipfs 0.5.1 Release');
    expect(issue().body).toContain('Bump `master` to `v0.6.0-dev`');
    expect(issue().body).toContain('- [ ] **Stage 2 - Community Dev Testing** — _Skipped: patch releases do not go through this stage._');
    ciGreen(fakes, 'release-v0.5.1');
    await ok('!release advance');
    expectStages([0], [1, 2, 3, 4]);
    await ok('!release advance');
    expectStages([0, 1], [2, 3, 4]);
    await allTestersOk(t);
    await ok('!release advance');
    expectStages([0, 1, 3, 4], [2]);
    expect(issue().state).toBe('closed');
    expect(fakes.rejections()).toEqual([]);
  });
});

describe('a shared issue', () => {
  it('keeps every edit people make between stages, and a save that races Stagehand’s write', async () => {
    open();
    await ok('!release new v0.5.0');
    const n = issue().number;
    const edit = (f: (b: string) => string): void => fakes.github.personEdits(n, f);
    // Before stage 0 passes: the lead fills in what is left, and someone ticks a stage-3 item early.
    edit((b) => b.replace('< pull requests and issues that must land first >', '- #6100 must land (lead)'));
    edit((b) => setBox(b, 'README.md current', true));
    ciGreen(fakes);
    await ok('!release advance');
    expect(item('README.md current').checked).toBe(true);
    expect(item('lint (`make test_go_lint`)').checked).toBe(true);

    // After stage 0: someone unticks a stage-0 box Stagehand ticked (CI was flaky), and adds a highlight.
    edit((b) => setBox(b, 'interop tests', false));
    edit((b) => b.replace('< the headline changes, for the release notes >', 'Faster bitswap.'));
    // Their browser tab was opened before Stagehand's next write: their save puts back the old boxes.
    fakes.github.personSavesDuringNextWrite(n, (b) => setBox(b, 'the desktop app', true).replace('## ⁉️ Questions?', '## ⁉️ Questions?\r\n\r\nPing @lead.'));
    await ok('!release advance');
    expect(issue().body).toContain('Ping @lead.');
    expect(item('the desktop app').checked).toBe(true);
    expect(item('running on some bootstrap nodes').checked).toBe(true); // re-applied over the racing save

    edit((b) => setBox(b, '**Post-Release**', true));
    edit((b) => `${b}\r\nA comment at the end.`);
    await allTestersOk(t);
    await ok('!release advance');
    await allTestersOk(t);
    await ok('!release advance');

    const closed = issue();
    expect(closed.state).toBe('closed');
    expect(closed.body).toContain('- #6100 must land (lead)');
    expect(closed.body).toContain('Faster bitswap.');
    expect(closed.body).toContain('Ping @lead.');
    expect(closed.body).toMatch(/A comment at the end\.$/);
    expect(item('README.md current').checked).toBe(true);
    expect(item('interop tests').checked).toBe(false); // the person's untick stays
    expect(item('**Post-Release**').checked).toBe(true);
    expect(item('**Stage 4 - Release**').checked).toBe(true);
    expect(closed.body.match(/<!-- stagehand:status -->/g)).toHaveLength(1);
    expect(fakes.rejections()).toEqual([]);

    const status = await t.say('!release status v0.5.0');
    // 53 stage items less one untick, plus Post-Release ticked by a person (README, ticked early, is now Stagehand's too).
    expect(status.text).toContain("release issue checklist: 53 of 59 ticked, 1 of them by people; 1 of Stagehand's ticks undone by people");
  });

  it('a restart re-opens the boxes Stagehand ticked, not a box a person ticked early', async () => {
    open();
    await ok('!release new v0.5.0');
    fakes.github.personEdits(issue().number, (b) => setBox(b, 'the forum', true));
    ciGreen(fakes);
    await ok('!release advance');
    await ok('!release advance');
    expectStages([0, 1], [2, 4]);
    fakes.github.commit('release-v0.5.0', 'fix: regression (#6010)');
    await ok('!release restart fix for the regression merged');
    expect(state()['0']).toBe('open');
    expect(state()['1']).toBe('open');
    expect(item('the forum').checked).toBe(true);
    expect(issue().body).toContain('`v0.5.0-rc2`');
  });

  it('adopts an issue a person opened from the template: its body stays, the status block is added, stages tick later', async () => {
    const template = readFileSync(FIXTURE, 'utf8').replace(/X\.Y\.Z/g, '0.5.0').replace('< the headline changes, for the release notes >', 'Hand-written highlights.');
    const mine = setBox(template, 'CHANGELOG.md updated for 0.5.0', true);
    fakes.github.issues.push({ number: 1, title: 'go-ipfs 0.5.0 Release', body: mine, state: 'open', labels: ['release'], comments: [], bodies: [mine] });
    open();
    await ok('!release new v0.5.0');
    expect(fakes.github.issues).toHaveLength(1);
    const adopted = issue().body;
    expect(adopted.replace(/<!-- stagehand:status -->[\s\S]*<!-- \/stagehand:status -->\r\n\r\n/, '')).toBe(mine);
    ciGreen(fakes);
    await ok('!release advance');
    expectStages([0], [2, 3, 4]);
    expect(item('CHANGELOG.md updated for 0.5.0').checked).toBe(true);
    expect(issue().body).toContain('Hand-written highlights.');
    expect(fakes.rejections()).toEqual([]);
  });
  it('adopts a release in flight at stage 2: its issue keeps the body, stages 0 and 1 are ticked, nothing is re-created', async () => {
    fakes.github.tag('v0.5.0-rc1', fakes.github.commit('release-v0.5.0', 'release v0.5.0-rc1'));
    const template = readFileSync(FIXTURE, 'utf8').replace(/X\.Y\.Z/g, '0.5.0').replace('< the headline changes, for the release notes >', 'Hand-written highlights.');
    const mine = setBox(template, 'README.md current', true);
    fakes.github.issues.push({ number: 1, title: 'go-ipfs 0.5.0 Release', body: mine, state: 'open', labels: ['release'], comments: [], bodies: [mine] });
    open();
    await ok('!release adopt v0.5.0 --stage 2');
    await t.app.worker.idle();
    expect(fakes.github.issues).toHaveLength(1);
    expectStagesExceptPeople([0, 1], [2, 4]);
    expect(item('README.md current').checked).toBe(true);
    expect(issue().body).toContain('Hand-written highlights.');
    expect(issue().body).toContain('<!-- stagehand:status -->');
    expect(fakes.github.count('POST', /\/releases$/)).toBe(0);
    expect(fakes.github.count('POST', /\/git\/refs$/)).toBe(0);
    const status = await t.say('!release status');
    expect(status.lines[0]).toMatch(/^v0\.5\.0-rc1 — feature release, stage 2 \(community dev testing\)/);
    expect(status.text).toMatch(/release issue checklist: \d+ of \d+ ticked, 1 of them by people/);
    expect(fakes.rejections()).toEqual([]);
  });
});
