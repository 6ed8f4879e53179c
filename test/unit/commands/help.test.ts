import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const LEAD_COMMANDS = ['!release new', '!release adopt', '!release sync', '!release advance', '!release restart', '!release abort', '!release ignore', '!release dismiss', '!release retry'];
const ANYONE_COMMANDS = ['!help', '!release status', '!release schedule', '!release history', '!testers'];

/** The command names listed by a `!help` reply, in order. */
function listed(lines: readonly string[]): string[] {
  return lines
    .filter((l) => l.startsWith('  - '))
    .map((l) => {
      const usage = l.slice(4).split(' — ')[0] ?? '';
      return usage
        .split(' ')
        .filter((w) => /^!?[a-z]+$/.test(w))
        .join(' ');
    });
}

describe('!help', () => {
  let t: TestApp;
  beforeAll(() => {
    t = createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares every command with a summary, a role and at least one example that starts with the command', () => {
    for (const c of COMMANDS) {
      expect(c.summary.length, c.name).toBeGreaterThan(10);
      expect(c.examples.length, c.name).toBeGreaterThan(0);
      for (const e of c.examples) expect(e.startsWith(`!${c.name}`), e).toBe(true);
    }
  });

  it('shows a guest only what anyone may run', async () => {
    const said = await t.say('!help', 'guest');
    expect(said.tone).toBe('info');
    expect(said.lines[0]).toBe('Commands you can run (guest):');
    expect(listed(said.lines)).toEqual(ANYONE_COMMANDS);
    expect(said.text).not.toMatch(/!release (new|advance|restart|abort)|!tested/);
    expect(said.lines.at(-1)).toBe('!help <command> explains one.');
  });

  it('shows an early tester !tested and no lead commands', async () => {
    const said = await t.say('!help', 'infura');
    expect(said.lines[0]).toBe('Commands you can run (infura):');
    expect(listed(said.lines)).toEqual([...ANYONE_COMMANDS, '!tested']);
    expect(said.text).toContain('!tested [version] ok|issue|skip [note] — ');
  });

  it('shows a lead the lead commands with their usage, and not !tested (leads do not answer for an organisation)', async () => {
    const said = await t.say('!help');
    expect(said.lines[0]).toBe('Commands you can run (lead):');
    expect(listed(said.lines)).toEqual([...ANYONE_COMMANDS, ...LEAD_COMMANDS]);
    expect(said.lines).toContain('  - !release new <version> [--process <full|patch>] — Start a release: branch, first RC and release issue (a patch number above 0 makes a patch release, which takes the patch process unless --process full).');
    expect(said.text).toContain('!release adopt <version> --stage <0-3> [--process <full|patch>] — Take over a release in flight');
    expect(said.text).toContain("!release sync — Read the project's past releases");
    expect(said.text).toContain('!release advance [version] [--force <reason>] — ');
    expect(said.text).toContain('!release abort [version] <reason> — ');
  });

  it('explains one command: usage, summary, who may run it, its arguments and options, examples', async () => {
    const said = await t.say('!help release advance');
    expect(said.tone).toBe('info');
    expect(said.lines).toEqual([
      '!release advance [version] [--force <reason>]',
      'Move a release to its next stage once its gate is open (CI, your word, or the testers’ sign-off).',
      'Who: a release lead. Changes the release and may post announcements.',
      'Arguments:',
      '  - [version] — a release version such as v0.5.0; optional: without it, the release in progress',
      '  - --force <reason> — optional; its value runs to the next option or the end of the line',
      'Examples: !release advance   !release advance v0.5.0   !release advance v0.5.0 --force infura is on holiday, ok by email',
    ]);
  });

  it('shows the required --stage of release adopt without brackets, the optional --process with them', async () => {
    const said = await t.say('!help release adopt');
    expect(said.lines[0]).toBe('!release adopt <version> --stage <0-3> [--process <full|patch>]');
  });

  it('accepts the command with its prefix and in any case, and does not mark read-only commands as changing anything', async () => {
    const said = await t.say('!help !Release Status', 'guest');
    expect(said.lines[0]).toBe('!release status [version]');
    expect(said.lines[2]).toBe('Who: anyone.');
    expect((await t.say('!help tested', 'qri')).lines[2]).toBe('Who: an enrolled early tester. Changes the release and may post announcements.');
  });

  it('explains a command the asker cannot run too, saying who may (issue 15: a lead asking about !tested)', async () => {
    const lead = await t.say('!help tested');
    expect(lead.tone).toBe('info');
    expect(lead.lines[0]).toBe('!tested [version] ok|issue|skip [note]');
    expect(lead.lines[2]).toBe('Who: an enrolled early tester. Changes the release and may post announcements. You (lead) are not an enrolled early tester, so you cannot run it.');
    expect(lead.lines).toContain('  - ok|issue|skip — one of ok, issue, skip');
    const guest = await t.say('!help release new', 'guest');
    expect(guest.tone).toBe('info');
    expect(guest.lines[2]).toBe('Who: a release lead. Changes the release and may post announcements. You (guest) are not a release lead, so you cannot run it.');
    expect((await t.say('!help release advance', 'infura')).lines[2]).toContain('You (infura) are not a release lead');
    // Still only what the asker may run in the plain list.
    expect((await t.say('!help', 'guest')).text).not.toContain('!release new');
  });

  it('takes multi-word commands with any spacing, and a first word alone lists its commands', async () => {
    const dismiss = await t.say('!help  release   dismiss');
    expect(dismiss.lines[0]).toBe('!release dismiss <#N> <reason>');
    const group = await t.say('!help release', 'guest');
    expect(group.lines[0]).toBe('The !release commands:');
    expect(group.text).toContain('!release status [version] — ');
    expect(group.text).toMatch(/!release new <version> .*\(a release lead only\)/);
  });

  it('answers a command that does not exist', async () => {
    const said = await t.say('!help deploy');
    expect(said.tone).toBe('refused');
    expect(said.text).toBe('There is no command !deploy. !help lists those you can run.');
  });

  it('explains a !release command asked for by its last word alone (a new user types !help advance)', async () => {
    const advance = await t.say('!help advance', 'guest');
    expect(advance.tone).toBe('info');
    expect(advance.lines[0]).toBe('!release advance [version] [--force <reason>]');
    expect((await t.say('!help !dismiss')).lines[0]).toBe('!release dismiss <#N> <reason>');
  });

  it('matches the README on dismiss, retry and ignore: a post number or a commit id, then a reason', async () => {
    expect((await t.say('!help release dismiss')).lines[0]).toBe('!release dismiss <#N> <reason>');
    expect((await t.say('!help release retry')).lines[0]).toBe('!release retry <#N> [note]');
    expect((await t.say('!help release ignore')).lines[0]).toBe('!release ignore [version] <sha> <reason>');
    const missing = await t.say('!release dismiss #3');
    expect(missing.tone).toBe('refused');
    expect(missing.text).toContain('Missing reason: why it is given up, e.g. "posted by hand"; kept in the release history.');
    expect(missing.text).toContain('Usage: !release dismiss <#N> <reason>');
  });

  it('changes nothing', async () => {
    const before = t.snapshot();
    await t.say('!help');
    await t.say('!help release abort');
    expect(t.snapshot()).toEqual(before);
    expect(t.takeOutput()).toBe('');
  });
});
