/** When a fresh reading of a release branch's CI is news for the leads (src/desk/ci-verdicts.ts). */
import { describe, expect, it } from 'vitest';
import { ciNotice, type CiNotice, type ToldCi } from '../../../src/desk/ci-verdicts.js';
import type { CiStatus } from '../../../src/release/gates.js';
import { parseVersion } from '../../../src/release/version.js';
import type { StoredRelease } from '../../../src/store/release-repo.js';

const version = parseVersion('v0.5.0');
if (!version.ok) throw new Error('bad version');
const release = (rc = 1): StoredRelease => ({ version: version.value, rc }) as StoredRelease;
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const green: CiStatus = { state: 'green' };
const failing = (...names: string[]): CiStatus => ({ state: 'failing', failing: names });

/** Feed readings in order, keeping what was told as the desk does; the texts told. */
function run(readings: readonly [string, CiStatus][], rc = 1, start: ToldCi | null = null): string[] {
  let told = start;
  const texts: string[] = [];
  for (const [sha, status] of readings) {
    const notice = ciNotice(release(rc), sha, status, told, '!release advance');
    if (notice) {
      told = notice.told;
      texts.push(notice.text);
    }
  }
  return texts;
}

describe('CI notices', () => {
  it('green once per head; pending and unknown readings say nothing', () => {
    expect(run([[A, { state: 'pending', running: ['build'] }], [A, green], [A, green], [A, { state: 'unknown', reason: 'GitHub down' }], [A, green]])).toEqual(['CI is green on release-v0.5.0: !release advance']);
  });

  it('failing names the checks (sorted, each once), again only when a new check fails', () => {
    expect(run([[A, failing('lint', 'interop', 'lint')], [A, failing('interop')], [A, failing('interop', 'lint')], [A, failing('sharness', 'interop')]])).toEqual([
      'CI is failing on release-v0.5.0 at aaaaaaa: interop, lint. I will say here when it is green.',
      'CI is failing on release-v0.5.0 at aaaaaaa: interop, sharness. I will say here when it is green.',
    ]);
  });

  it('a flip on the same head is told each time, with a fresh key', () => {
    let told: ToldCi | null = null;
    const keys: string[] = [];
    for (const status of [green, failing('build'), green]) {
      const notice: CiNotice = ciNotice(release(), A, status, told, '!release advance')!;
      keys.push(notice.key);
      told = notice.told;
    }
    expect(keys).toEqual([`ci:v0.5.0:${A}:1`, `ci:v0.5.0:${A}:2`, `ci:v0.5.0:${A}:3`]);
  });

  it('a new head, or a new RC on the same head, is told afresh', () => {
    expect(run([[A, green], [B, green]])).toHaveLength(2);
    const told: ToldCi = { rc: 1, sha: A, state: 'green', failing: [], count: 1 };
    expect(run([[A, green]], 2, told)).toEqual(['CI is green on release-v0.5.0: !release advance']);
  });

  it('lists ten failing checks and counts the rest', () => {
    const names = Array.from({ length: 13 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
    expect(run([[A, failing(...names)]])[0]).toContain('job-09 and 3 more.');
  });
});
