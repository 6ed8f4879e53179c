/**
 * The example scripts the README points to, run as a person would: `npm start < examples/...`.
 * They must keep working as the bot changes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStart, postLines, REPO_ROOT } from '../helpers/run.js';

const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-examples-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const script = (name: string): string[] => readFileSync(join(REPO_ROOT, 'examples', name), 'utf8').split('\n');

describe('examples/', () => {
  it('feature-release.txt releases v0.5.0 through a restart, then patch-release.txt releases v0.5.1', async () => {
    const feature = await npmStart(['--data', dataDir], { input: script('feature-release.txt') });
    expect(feature.code).toBe(0);
    expect(feature.stdout).toContain('Cut v0.5.0-rc2: back at stage 0.');
    expect(feature.stdout).toContain('Released v0.5.0 (from v0.5.0-rc2).');
    expect(postLines(feature.stdout).filter((l) => l.startsWith('[twitter]'))).toHaveLength(2);
    expect(feature.stdout).not.toMatch(/Something went wrong|Unknown command|is for a release lead/);

    const patch = await npmStart(['--data', dataDir], { input: script('patch-release.txt') });
    expect(patch.code).toBe(0);
    expect(patch.stdout).toContain('Stages: 0 → 1 → 3 → 4 (patch releases skip community dev testing).');
    expect(patch.stdout).toContain('Released v0.5.1 (from v0.5.1-rc1).');
    expect(patch.stdout).not.toContain('community dev testing of');
    expect(postLines(patch.stdout).some((l) => l.startsWith('[github] create branch release-v0.5.1 from v0.5.0'))).toBe(true);
  });
});
