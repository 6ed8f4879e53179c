import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import type { AnyCommand, ParsedArgs } from '../../../src/commands-kit/declaration.js';
import { MAX_TEXT_LENGTH, parseArgs } from '../../../src/commands-kit/parse-args.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const command = (name: string): AnyCommand => {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

function parsed(name: string, raw: string): ParsedArgs {
  const result = parseArgs(command(name), raw);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse for ${name}, got: ${result.error.message}`);
  return result.value;
}

function problem(name: string, raw: string): string {
  const result = parseArgs(command(name), raw);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused for ${name}`);
  return result.error.message;
}

describe('parseArgs: versions', () => {
  it('takes a required version with or without the v', () => {
    expect(parsed('release new', 'v0.5.0').version).toEqual({ major: 0, minor: 5, patch: 0 });
    expect(parsed('release new', '0.4.23').version).toEqual({ major: 0, minor: 4, patch: 23 });
  });

  it('asks for a missing required version', () => {
    expect(problem('release new', '')).toBe('Missing version, such as v0.5.0.');
  });

  it('takes an optional version only when the word looks like one', () => {
    const withVersion = parsed('release restart', 'v0.5.0 #6255 merged');
    expect(withVersion.version).toEqual({ major: 0, minor: 5, patch: 0 });
    expect(withVersion.values['reason']).toBe('#6255 merged');

    const withoutVersion = parsed('release restart', 'fix for the bitswap CPU regression merged');
    expect(withoutVersion.version).toBeUndefined();
    expect(withoutVersion.values['reason']).toBe('fix for the bitswap CPU regression merged');

    // A bare number is an issue or PR number, not a version.
    const issueNumber = parsed('release restart', '6255 merged');
    expect(issueNumber.version).toBeUndefined();
    expect(issueNumber.values['reason']).toBe('6255 merged');

    expect(parsed('release advance', '').version).toBeUndefined();
  });

  it('reports a word that looks like a version but is not one, instead of taking it as text', () => {
    expect(problem('release restart', '0.5 fix merged')).toMatch(/^"0\.5" is not a release version\. Expected MAJOR\.MINOR\.PATCH such as v0\.5\.0/);
    expect(problem('release abort', 'v0.5 superseded')).toMatch(/^"v0\.5" is not a release version/);
    expect(problem('release status', 'v0.5.0-rc2')).toMatch(/is a release candidate tag; give the release version \(such as v0\.5\.0\)/);
    expect(problem('tested', 'v0,5,0 ok')).toMatch(/is not a release version/);
  });

  it('refuses the same invalid versions where the version is required', () => {
    expect(problem('release new', '0.5')).toMatch(/^"0\.5" is not a release version/);
    expect(problem('release new', 'v0.5.0-rc1')).toMatch(/release candidate tag/);
    expect(problem('release new', 'v０.５.０')).toMatch(/characters other than ASCII digits/);
    expect(problem('release new', 'v0.05.0')).toMatch(/leading zeros/);
    expect(problem('release new', 'latest')).toMatch(/^"latest" is not a release version/);
  });

  it('takes look-alike digits as a (bad) version rather than as the reason text', () => {
    expect(problem('release abort', '０.５.０ superseded')).toMatch(/characters other than ASCII digits/);
  });
});

describe('parseArgs: choices and text', () => {
  it('takes one of the choices, in any case', () => {
    expect(parsed('tested', 'ok').values['answer']).toBe('ok');
    expect(parsed('tested', 'SKIP').values['answer']).toBe('skip');
    const issue = parsed('tested', 'v0.5.0 issue https://github.com/ipfs/go-ipfs/issues/6254 add fails');
    expect(issue.version).toEqual({ major: 0, minor: 5, patch: 0 });
    expect(issue.values).toEqual({ answer: 'issue', note: 'https://github.com/ipfs/go-ipfs/issues/6254 add fails' });
  });

  it('names the choices when the word is missing or not one of them', () => {
    expect(problem('tested', '')).toBe('Missing answer: one of ok, issue, skip.');
    expect(problem('tested', 'maybe later')).toBe('"maybe" is not a valid answer: use one of ok, issue, skip.');
  });

  it('requires required text and leaves optional text undefined', () => {
    expect(problem('release abort', '')).toBe('Missing reason.');
    expect(problem('release abort', 'v0.5.0')).toBe('Missing reason.');
    expect(problem('release restart', '   ')).toBe('Missing reason.');
    expect(parsed('tested', 'ok').values['note']).toBeUndefined();
    expect(parsed('help', '').values['command']).toBeUndefined();
  });

  it('keeps the text as typed, inner spacing included', () => {
    expect(parsed('release abort', 'v0.4.23   superseded by   v0.5.0').values['reason']).toBe('superseded by   v0.5.0');
  });

  it(`accepts text of ${MAX_TEXT_LENGTH} characters and refuses longer`, () => {
    expect(MAX_TEXT_LENGTH).toBe(1_000);
    expect(parsed('release abort', 'x'.repeat(1_000)).values['reason']).toHaveLength(1_000);
    expect(problem('release abort', 'x'.repeat(1_001))).toBe('The reason is too long (1001 characters; at most 1000).');
    expect(problem('tested', `issue ${'y'.repeat(1_001)}`)).toBe('The note is too long (1001 characters; at most 1000).');
  });

  it('refuses unexpected extra words, naming the first', () => {
    expect(problem('release status', 'v0.5.0 please')).toBe('Unexpected "please".');
    expect(problem('release advance', 'now')).toBe('Unexpected "now".');
    expect(problem('release schedule', 'next week')).toBe('Unexpected "next".');
    expect(problem('release new', 'v0.5.0 v0.6.0')).toBe('Unexpected "v0.6.0".');
    expect(problem('release status', `v0.5.0 ${'z'.repeat(60)}`)).toBe(`Unexpected "${'z'.repeat(40)}…".`);
  });
});

describe('parseArgs: --force', () => {
  it('takes the rest of the line as the reason, after an optional version', () => {
    const forced = parsed('release advance', 'v0.5.0 --force infura is on holiday, ok by email');
    expect(forced.version).toEqual({ major: 0, minor: 5, patch: 0 });
    expect(forced.flags['force']).toBe('infura is on holiday, ok by email');
    expect(parsed('release advance', '--force CI is flaky, see #6300').flags['force']).toBe('CI is flaky, see #6300');
    expect(parsed('release advance', '').flags['force']).toBeUndefined();
  });

  it('needs a reason', () => {
    expect(problem('release advance', '--force')).toBe('--force needs a reason.');
    expect(problem('release advance', 'v0.5.0 --force   ')).toBe('--force needs a reason.');
  });

  it('refuses an unknown option and an over-long reason', () => {
    expect(problem('release advance', '--forse because')).toBe('Unknown option --forse.');
    expect(problem('release advance', '--yes')).toBe('Unknown option --yes.');
    expect(problem('release advance', `--force ${'r'.repeat(1_001)}`)).toBe('The reason is too long (at most 1000 characters).');
  });

  it('is ordinary text for commands that declare no options', () => {
    expect(parsed('release restart', 'reverted --force push on the branch').values['reason']).toBe('reverted --force push on the branch');
  });

  it('takes several declared options, each up to the next, in any order; an undeclared one is part of a value', () => {
    expect(parsed('release adopt', 'v0.4.22 --stage 1 --process full').flags).toEqual({ stage: '1', process: 'full' });
    expect(parsed('release adopt', 'v0.4.22 --process full --stage 2').flags).toEqual({ stage: '2', process: 'full' });
    expect(problem('release adopt', 'v0.4.22 --stage 1 --process')).toBe('--process needs a full|patch.');
    expect(problem('release adopt', 'v0.4.22 --stage --process full')).toBe('--stage needs a 0-3.');
    expect(parsed('release advance', '--force the --process was followed').flags).toEqual({ force: 'the --process was followed' });
    expect(parsed('release advance', '--force ok --force again').flags).toEqual({ force: 'ok --force again' });
  });
});

describe('argument problems through the dispatcher', () => {
  let t: TestApp;
  beforeEach(() => {
    t = createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('replies with the problem and the command usage, and changes nothing', async () => {
    const cases: [string, string, string][] = [
      ['!release new', 'Missing version, such as v0.5.0.', 'Usage: !release new <version> [--process <full|patch>]'],
      ['!release new 0.5', '"0.5" is not a release version.', 'Usage: !release new <version> [--process <full|patch>]'],
      ['!release new v0.5.0 now', 'Unexpected "now".', 'Usage: !release new <version> [--process <full|patch>]'],
      ['!release advance --force', '--force needs a reason.', 'Usage: !release advance [version] [--force <reason>]'],
      ['!release advance --please', 'Unknown option --please.', 'Usage: !release advance [version] [--force <reason>]'],
      ['!release abort', 'Missing reason.', 'Usage: !release abort [version] <reason>'],
      ['!release restart v1', '"v1" is not a release version.', 'Usage: !release restart [version] <reason>'],
      ['!release status yesterday', 'Unexpected "yesterday".', 'Usage: !release status [version]'],
      ['!release schedule 2026', 'Unexpected "2026".', 'Usage: !release schedule'],
      ['!release history v0.5', '"v0.5" is not a release version.', 'Usage: !release history [version]'],
      ['!testers all', 'Unexpected "all".', 'Usage: !testers [version]'],
      [`!release abort ${'x'.repeat(1_001)}`, 'The reason is too long', 'Usage: !release abort [version] <reason>'],
    ];
    const before = t.snapshot();
    for (const [text, message, usage] of cases) {
      const said = await t.say(text);
      expect(said.tone, text).toBe('refused');
      expect(said.lines[0], text).toContain(message);
      expect(said.lines[1], text).toBe(usage);
      expect(said.lines, text).toHaveLength(2);
    }
    expect(t.snapshot()).toEqual(before);
    expect(t.takeOutput()).toBe('');
  });

  it("gives !tested's usage to a tester who answers wrongly", async () => {
    const said = await t.say('!tested maybe', 'infura');
    expect(said.tone).toBe('refused');
    expect(said.lines).toEqual(['"maybe" is not a valid answer: use one of ok, issue, skip.', 'Usage: !tested [version] ok|issue|skip [note]']);
  });

  it('refuses a version written with fullwidth digits and creates no release', async () => {
    const said = await t.say('!release new v０.５.０');
    expect(said.tone).toBe('refused');
    expect(said.text).toMatch(/characters other than ASCII digits/);
    expect(t.app.store.releases.active()).toEqual([]);
  });
});
