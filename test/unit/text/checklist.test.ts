import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { advanceRelease, restartRelease, startRelease } from '../../../src/release/engine.js';
import { DEFAULT_POLICY } from '../../../src/release/policy.js';
import { STAGES, type Stage } from '../../../src/release/stages.js';
import type { Release } from '../../../src/release/types.js';
import { parseVersion } from '../../../src/release/version.js';
import type { Result } from '../../../src/ground/result.js';
import { DAY } from '../../../src/ground/clock.js';
import { tickChecklist } from '../../../src/text/checklist.js';

const INLINE = [
  '# Release {{version}}',
  '',
  'Tracking issue for the release.',
  '',
  '- [ ] an item before any stage',
  '',
  '## Stage 0 - Automated Testing',
  '- [ ] Fork a new branch (`release-{{version}}`) from `master`',
  '- [ ] Bump the version in `version.go`',
  '  - [ ] a nested item',
  '',
  '## Stage 1 - Internal Testing',
  '- [ ] Deploy to the gateways',
  '* [ ] Deploy to the bootstrappers',
  '',
  '## Stage 2 - Community Dev Testing',
  '- [ ] Reach out to the early testers',
  'Give them a week.',
  '- [ ] Collect their answers',
  '',
  '### Stage 3 - Community Prod Testing',
  '- [X] Ask for testing in production',
  '',
  '## Stage 4 - Release',
  '- [ ] Publish the release',
  '- [ ] Write the blog post',
  '',
  '## Notes',
  '- [ ] an item after the stages',
].join('\n');

const REAL_PATH = fileURLToPath(new URL('../../../config/release-checklist.md', import.meta.url));

const TEMPLATES: Array<[string, string]> = [
  ['an inline template', INLINE],
  ...(existsSync(REAL_PATH) ? [['config/release-checklist.md', readFileSync(REAL_PATH, 'utf8')] as [string, string]] : []),
];

const STAGE_HEADING = /^#{2,3}\s*Stage\s+([0-4])\b/i;
const ITEM = /^\s*[-*]\s+\[([ xX])\]/;

interface Section {
  readonly heading: string;
  readonly items: boolean[];
  readonly lines: string[];
}

/** Each `Stage N` section of a checklist: its items (ticked or not) and its other lines. */
function sections(text: string): Map<Stage, Section> {
  const found = new Map<Stage, Section>();
  let current: Section | null = null;
  for (const line of text.split('\n')) {
    const heading = STAGE_HEADING.exec(line);
    if (heading) {
      current = { heading: line, items: [], lines: [] };
      found.set(Number(heading[1]) as Stage, current);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) current = null;
    if (current === null) continue;
    const item = ITEM.exec(line);
    if (item) current.items.push(item[1] !== ' ');
    else current.lines.push(line);
  }
  return found;
}

/** Per stage: 'ticked', 'open', 'empty' (no items), or 'missing' (no section). */
function tickState(text: string): Record<Stage, string> {
  const found = sections(text);
  const state = (stage: Stage): string => {
    const section = found.get(stage);
    if (!section) return 'missing';
    if (section.items.length === 0) return 'empty';
    if (section.items.every(Boolean)) return 'ticked';
    if (section.items.every((t) => !t)) return 'open';
    return 'mixed';
  };
  return { 0: state(0), 1: state(1), 2: state(2), 3: state(3), 4: state(4) };
}

const T0 = Date.UTC(2025, 0, 6, 9, 0);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function release(version: string, stage: Stage): Release {
  const parsed = parseVersion(version);
  if (!parsed.ok) throw new Error(parsed.error.message);
  let current = value(startRelease(parsed.value, [], { actor: 'lead', now: T0 }, DEFAULT_POLICY)).release;
  for (let i = 1; current.stage !== stage; i++) {
    current = value(
      advanceRelease(current, { actor: 'lead', now: T0 + i * DAY, gate: { open: true, missing: [] }, force: null }, DEFAULT_POLICY),
    ).release;
  }
  return current;
}

const restarted = (from: Release): Release =>
  value(restartRelease(from, { actor: 'lead', now: T0 + 30 * DAY, reason: 'fix' }, DEFAULT_POLICY)).release;

describe.each(TEMPLATES)('tickChecklist on %s', (_name, template) => {
  it('has a section with items for every stage', () => {
    const found = sections(template);
    for (const stage of STAGES) expect(found.get(stage)?.items.length ?? 0, `stage ${stage}`).toBeGreaterThan(0);
  });

  it('ticks nothing at stage 0 of a new release', () => {
    expect(tickState(tickChecklist(template, release('v0.5.0', 0)))).toEqual({ 0: 'open', 1: 'open', 2: 'open', 3: 'open', 4: 'open' });
  });

  it('ticks the items of every stage before the current one', () => {
    expect(tickState(tickChecklist(template, release('v0.5.0', 1)))).toEqual({ 0: 'ticked', 1: 'open', 2: 'open', 3: 'open', 4: 'open' });
    expect(tickState(tickChecklist(template, release('v0.5.0', 2)))).toEqual({ 0: 'ticked', 1: 'ticked', 2: 'open', 3: 'open', 4: 'open' });
    expect(tickState(tickChecklist(template, release('v0.5.0', 3)))).toEqual({
      0: 'ticked',
      1: 'ticked',
      2: 'ticked',
      3: 'open',
      4: 'open',
    });
  });

  it('ticks nothing after a restart, even for stages completed in an earlier RC', () => {
    const rc2 = restarted(release('v0.5.0', 3));
    expect(rc2.rc).toBe(2);
    expect(tickState(tickChecklist(template, rc2))).toEqual({ 0: 'open', 1: 'open', 2: 'open', 3: 'open', 4: 'open' });
  });

  it('ticks everything once released', () => {
    expect(tickState(tickChecklist(template, release('v0.5.0', 4)))).toEqual({
      0: 'ticked',
      1: 'ticked',
      2: 'ticked',
      3: 'ticked',
      4: 'ticked',
    });
  });

  it('marks stage 2 skipped for a patch release and drops its items', () => {
    const text = tickChecklist(template, release('v0.5.1', 3));
    expect(tickState(text)).toEqual({ 0: 'ticked', 1: 'ticked', 2: 'empty', 3: 'open', 4: 'open' });
    expect(sections(text).get(2)?.lines).toContain('_Skipped: patch releases do not go through this stage._');
    expect(text.match(/_Skipped:/g)).toHaveLength(1);
  });

  it('ticks every stage of a released patch release and still shows stage 2 as skipped', () => {
    const text = tickChecklist(template, release('v0.5.1', 4));
    expect(tickState(text)).toEqual({ 0: 'ticked', 1: 'ticked', 2: 'empty', 3: 'ticked', 4: 'ticked' });
    expect(text).toContain('_Skipped: patch releases do not go through this stage._');
  });

  it('leaves a feature release’s text alone apart from the tick marks', () => {
    const text = tickChecklist(template, release('v0.5.0', 4));
    const untick = (s: string): string => s.replace(/^(\s*[-*]\s+)\[[ xX]\]/gm, '$1[ ]');
    expect(untick(text)).toBe(untick(template));
    expect(text).not.toContain('_Skipped');
  });
});

describe('tickChecklist details (inline template)', () => {
  it('leaves items outside the stage sections as they are', () => {
    const text = tickChecklist(INLINE, release('v0.5.0', 4));
    expect(text).toContain('- [ ] an item before any stage');
    expect(text).toContain('- [ ] an item after the stages');
  });

  it('ticks nested items and keeps their indentation and bullet style', () => {
    const text = tickChecklist(INLINE, release('v0.5.0', 2));
    expect(text).toContain('  - [x] a nested item');
    expect(text).toContain('* [x] Deploy to the bootstrappers');
    expect(text).toContain('- [x] Fork a new branch (`release-{{version}}`) from `master`');
  });

  it('unticks an item the template had ticked when its stage is not done yet', () => {
    expect(tickChecklist(INLINE, release('v0.5.0', 3))).toContain('- [ ] Ask for testing in production');
  });

  it('ticks a checklist saved with CRLF line endings, keeping them', () => {
    const text = tickChecklist(INLINE.replace(/\n/g, '\r\n'), release('v0.5.0', 2));
    expect(tickState(text.replace(/\r/g, ''))).toEqual({ 0: 'ticked', 1: 'ticked', 2: 'open', 3: 'open', 4: 'open' });
    expect(text).toContain('- [x] Deploy to the gateways\r\n');
  });

  it('keeps the prose of a skipped stage but none of its items', () => {
    const text = tickChecklist(INLINE, release('v0.5.1', 1));
    expect(text).toContain('Give them a week.');
    expect(text).not.toContain('Reach out to the early testers');
    expect(text).not.toContain('Collect their answers');
    expect(text).toContain('## Stage 2 - Community Dev Testing\n\n_Skipped: patch releases do not go through this stage._');
  });
});
