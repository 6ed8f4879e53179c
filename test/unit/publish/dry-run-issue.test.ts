/**
 * Local mode's release issue: the dry run keeps a copy of the body and each update names the boxes it ticks
 * or re-opens. And outbox rows written before the body was shared (an update with a whole `body`) still
 * deliver, merged instead of replacing.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanChecklist } from '../../../src/text/checklist-scan.js';
import { updateIssueBody, wantedOf } from '../../../src/text/issue-update.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/go-ipfs-2019-release-issue.md', import.meta.url));
let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('the dry run of the release issue', () => {
  it('names the items an update ticks, and those a restart re-opens', async () => {
    t = createTestApp({ configure: (c) => ({ ...c, templates: { ...c.templates, checklist: FIXTURE } }) });
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    expect(t.takeOutput()).toContain('[github] open issue "go-ipfs 0.5.0 Release" labelled release');
    t.ci.set('pass');
    expect((await t.say('!release advance')).tone).toBe('ok');
    const advanced = t.takeOutput();
    expect(advanced).toContain('[github] comment on "go-ipfs 0.5.0 Release":');
    expect(advanced).toContain('update the checklist: 9 of 59 items ticked');
    expect(advanced).toContain('ticked (stage 0): **Stage 0 - Automated Testing**');
    expect(advanced).toContain('ticked (stage 0): lint (`make test_go_lint`)');
    expect(advanced).not.toContain('Post-Release');
    expect((await t.say('!release restart a fix landed')).tone).toBe('ok');
    const restarted = t.takeOutput();
    expect(restarted).toContain('update the checklist: 0 of 59 items ticked');
    expect(restarted).toContain('re-opened (stage 0): Bump `master` to `v0.6.0-dev`, so the next cycle (0.6.0) starts.');
    expect((await t.say('!release status')).text).toContain('release issue checklist: 0 of 59 ticked, 0 of them by people');
  });
});

describe('the link to the release issue', () => {
  it('searches for the title the issue is opened with: the template\'s own (go-ipfs 0.5.0 Release), not Release v0.5.0', async () => {
    t = createTestApp({ configure: (c) => ({ ...c, templates: { ...c.templates, checklist: FIXTURE } }) });
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    const output = t.takeOutput();
    expect(output).toContain('[github] open issue "go-ipfs 0.5.0 Release" labelled release');
    const link = /see the release issue for its progress: (\S+)/.exec(output)?.[1] ?? '';
    expect(new URL(link).searchParams.get('q')).toBe('is:issue label:release "go-ipfs 0.5.0 Release"');
  });
});

describe('an update queued by an older version', () => {
  it('merges the stages fully ticked in its body into the live body, keeping people’s text and ticks', () => {
    const live = '# Release v0.5.0\n\nPeople wrote this.\n\n## Stage 0\n- [ ] a\n- [ ] b\n## Stage 1\n- [x] c (ticked by a person)\n- [ ] d\n## Notes\n- [x] mine';
    const old = '# Release v0.5.0\n\n## Stage 0\n- [x] a\n- [x] b\n## Stage 1\n- [ ] c (ticked by a person)\n- [ ] d';
    const wanted = wantedOf({ action: 'update-issue', version: 'v0.5.0', comment: 'x', close: false, body: old });
    expect(wanted).toEqual({ passed: [0], status: null });
    const merged = updateIssueBody(live, wanted, new Set());
    expect(merged.body).toBe(live.replace('- [ ] a', '- [x] a').replace('- [ ] b', '- [x] b'));
    expect(scanChecklist(merged.body).filter((i) => i.checked).map((i) => i.text)).toEqual(['a', 'b', 'c (ticked by a person)', 'mine']);
  });
});
