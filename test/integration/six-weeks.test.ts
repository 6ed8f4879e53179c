/**
 * The scheduled reminders as a person sees them in the local shell: `npm start` with a script that moves the
 * simulated clock. examples/six-weeks.txt runs a feature release and a patch release over six weeks; every
 * reminder must come at its time, once, and never after the thing it reminds about is done.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStart, REPO_ROOT } from '../helpers/run.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-six-weeks-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Each `/time` step's reminders, keyed by the time it reached: their Matrix copies, as `room: @mentions: first
 * sentence`. The shell prints a step's posts after its `(time is now …)` line.
 */
function remindersByStep(stdout: string): [string, string[]][] {
  const steps: [string, string[]][] = [];
  for (const line of stdout.split('\n')) {
    const moved = /^\(time is now (.+) UTC\)$/.exec(line);
    if (moved) steps.push([moved[1] ?? '', []]);
    const post = /^\[matrix (release|testers) room\] ((?:@\S+ )*@\S+:) (.*)$/.exec(line);
    if (post) {
      const [, room, mentions, text = ''] = post;
      const sentence = text.split(/(?<=[.:]) (?=[A-Z(!])/)[0];
      const step = steps.at(-1);
      expect(step, `a reminder before any /time step: ${line}`).toBeDefined();
      step?.[1].push(`${room}: ${mentions} ${sentence}`);
    }
  }
  return steps;
}

describe('scheduled reminders in the shell', () => {
  it('/time +42d shows the branch-day reminders in order, once each', async () => {
    const run = await npmStart(['--data', tempDir()], { input: ['/time 2040-01-12T09:30Z', '/time +42d', '/time +4d'] });
    expect(run.code, run.stderr).toBe(0);
    const fresh = 'cut the next feature release from master (!release new <version>).';
    expect(remindersByStep(run.stdout)).toEqual([
      ['2040-01-12 09:30', []],
      [
        '2040-02-23 09:30',
        [`release: @lead: Branch day in 3 days (2040-01-16): ${fresh}`, `release: @lead: Branch day today (2040-01-16): ${fresh}`],
      ],
      [
        '2040-02-27 09:30',
        [`release: @lead: Branch day in 3 days (2040-02-27): ${fresh}`, `release: @lead: Branch day today (2040-02-27): ${fresh}`],
      ],
    ]);
  });

  it('a /time jump of months counts as downtime: one late catch-up per kind, not every check on the way', async () => {
    const run = await npmStart(['--data', tempDir()], {
      input: ['/time 2040-01-12T08:30Z', '!release new v0.5.0', '/ci pass', '!release advance', '/time 2040-08-01T09:30Z', '/time +1d'],
    });
    expect(run.code, run.stderr).toBe(0);
    const late = '(Late: due 2040-08-01 09:00, while Stagehand was not running.)';
    expect(remindersByStep(run.stdout)).toEqual([
      ['2040-01-12 08:30', []],
      [
        '2040-08-01 09:30',
        [
          `release: @lead: ${late} Daily digest, 2040-08-01:`,
          `release: @lead: ${late} v0.5.0-rc1 is overdue in stage 1 (internal testing) (day 196 overdue): 202d there, 7d expected.`,
        ],
      ],
      [
        '2040-08-02 09:30',
        ['release: @lead: Daily digest, 2040-08-02:', 'release: @lead: v0.5.0-rc1 is overdue in stage 1 (internal testing) (day 197 overdue): 203d there, 7d expected.'],
      ],
    ]);
  });

  it('examples/six-weeks.txt: a feature release and a patch release, every reminder at its time, none twice or too late', async () => {
    const script = readFileSync(join(REPO_ROOT, 'examples', 'six-weeks.txt'), 'utf8').split('\n');
    const run = await npmStart(['--data', tempDir()], { input: script, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/Something went wrong|Unknown command|is for a release lead/);
    expect(run.stdout).toContain('Released v0.5.0 (from v0.5.0-rc1).');
    expect(run.stdout).toContain('Released v0.5.1 (from v0.5.1-rc1).');
    const digest = (day: string): string => `release: @lead: Daily digest, ${day}:`;
    expect(remindersByStep(run.stdout)).toEqual([
      ['2040-01-12 08:30', []],
      ['2040-01-16 08:30', ['release: @lead: Branch day in 3 days (2040-01-16): cut the next feature release from master (!release new <version>).']],
      ['2040-01-16 09:30', ['release: @lead: Branch day today (2040-01-16): cut the next feature release from master (!release new <version>).']],
      [
        '2040-01-24 09:30',
        [
          ...['2040-01-17', '2040-01-18', '2040-01-19', '2040-01-20', '2040-01-23'].map(digest),
          // Once: the lead moved it on before the next day's mention.
          'release: @lead: v0.5.0-rc1 is overdue in stage 1 (internal testing): 7d there, 7d expected.',
          digest('2040-01-24'),
        ],
      ],
      [
        '2040-01-27 09:30',
        [
          digest('2040-01-25'),
          digest('2040-01-26'),
          // Infura and Textile answered: they are not mentioned.
          'testers: @pinata @rtrade @qri @siderus: Reminder: v0.5.0-rc1 has been in dev testing for 2d.',
          digest('2040-01-27'),
        ],
      ],
      // Everyone answered on the Friday: no reminder, and no digest at the weekend.
      ['2040-01-28 09:30', []],
      ['2040-01-31 09:30', [digest('2040-01-30'), 'testers: @qri: Reminder: v0.5.0-rc1 has been in prod testing for 2d.', digest('2040-01-31')]],
      ['2040-02-04 09:30', ['2040-02-01', '2040-02-02', '2040-02-03'].map(digest)],
      // v0.5.1 started a day after v0.5.0 was released: no "no next release" nudge.
      ['2040-02-05 09:30', []],
      [
        '2040-02-07 09:30',
        [digest('2040-02-06'), 'release: @lead: v0.5.1-rc1 is overdue in stage 1 (internal testing): 1d there, 1d expected.', digest('2040-02-07')],
      ],
      ['2040-02-09 09:30', [digest('2040-02-08'), digest('2040-02-09')]],
      [
        '2040-02-27 09:30',
        [
          'release: @lead: v0.5.1 was released 2d ago and no next release has started.',
          'release: @lead: Branch day in 3 days (2040-02-27): cut v0.6.0 from master (!release new v0.6.0).',
          'release: @lead: Branch day today (2040-02-27): cut v0.6.0 from master (!release new v0.6.0).',
        ],
      ],
      // v0.6.0 is cut: digests about it, and no branch-day notice any more.
      ['2040-03-01 09:30', ['2040-02-28', '2040-02-29', '2040-03-01'].map(digest)],
    ]);
    expect(run.stdout).toContain('Branch day today (2040-02-27): cut v0.6.0 from master (!release new v0.6.0).');
    expect(run.stdout).toContain('v0.5.1 was released 2d ago and no next release has started.');
  });
});
