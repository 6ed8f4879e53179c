import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/config/load.js';
import { DEFAULT_CONFIG_FILE } from '../../helpers/test-app.js';
import { npmStart } from '../../helpers/run.js';
import { DEFAULT_TEXT, problems, variant } from '../../helpers/config-problems.js';

describe('parseConfig', () => {
  it('loads the default configuration', () => {
    const loaded = loadConfigFile(DEFAULT_CONFIG_FILE);
    const { config } = loaded;
    expect(loaded.file).toBe(DEFAULT_CONFIG_FILE);
    expect(config.project).toEqual({ name: 'go-ipfs', repo: 'ipfs/go-ipfs', defaultBranch: 'master', issueLabel: 'release' });
    expect(config.commandPrefix).toBe('!');
    expect(config.timeZone).toBe('UTC');
    expect(config.leads).toEqual(['lead']);
    expect(config.testers.map((t) => t.org)).toEqual(['Infura', 'Textile', 'Pinata', 'RTrade', 'QRI', 'Siderus']);
    expect(config.testers.every((t) => t.environments.join() === 'dev,prod')).toBe(true);
    expect(config.cadence).toEqual({ anchor: '2019-09-09', everyWeeks: 6 });
    expect(config.process).toEqual({
      expectedDays: { feature: { 1: 7, 2: 7, 3: 7 }, patch: { 1: 1, 3: 2 } },
      compressedDays: 2,
      signoff: { rule: 'all' },
    });
  });

  it('fills in defaults for a minimal configuration', () => {
    const config = parseConfig('project: { name: demo, repo: me/demo }\ncadence: { anchor: "2024-01-01" }\n');
    expect(config.project.defaultBranch).toBe('master');
    expect(config.commandPrefix).toBe('!');
    expect(config.cadence.everyWeeks).toBe(6);
    expect(config.process.signoff).toEqual({ rule: 'all' });
    expect(config.leads).toEqual([]);
  });

  it('names the key path of a value of the wrong type', () => {
    const found = problems(variant((c) => (c['testers'][0].org = 42)));
    expect(found).toHaveLength(1);
    expect(found[0]).toBe('testers[0].org: must be text, not a number');
    expect(problems(variant((c) => (c['cadence'].everyWeeks = 'six')))[0]).toMatch(/^cadence\.everyWeeks: /);
    expect(problems(variant((c) => (c['process'].expectedDays.feature[2] = -1)))[0]).toMatch(/^process\.expectedDays\.feature\.2: /);
  });

  it('reports an unknown key as a likely typo, at any depth', () => {
    expect(problems(variant((c) => (c['timezone'] = 'UTC')))).toEqual(['timezone: unknown key (a typo? did you mean timeZone?)']);
    expect(problems(variant((c) => (c['project'].defaultBrnch = 'main')))).toEqual(['project.defaultBrnch: unknown key (a typo? did you mean defaultBranch?)']);
    expect(problems(variant((c) => (c['testers'][2].enviroments = ['dev'])))).toEqual(['testers[2].enviroments: unknown key (a typo? did you mean environments?)']);
  });

  it('refuses a lead who is not listed under people', () => {
    expect(problems(variant((c) => (c['leads'] = ['lead', 'alice'])))).toEqual(['leads[1]: "alice" is not listed under people']);
  });

  it('refuses a tester who is not listed under people', () => {
    expect(problems(variant((c) => c['testers'][3].people.push('bob')))).toEqual(['testers[3].people[1]: "bob" is not listed under people']);
  });

  it('refuses a person who answers for two organisations', () => {
    expect(problems(variant((c) => (c['testers'][1].people = ['textile', 'infura'])))).toEqual(['testers[1].people[1]: "infura" already answers for Infura']);
  });

  it('refuses two people with the same handle on a network', () => {
    expect(problems(variant((c) => (c['people'].qri.shell = 'infura'))).join('\n')).toMatch(/^people\.qri\.shell: "infura" is also infura's shell identity/);
  });

  it('refuses a time zone that is not an IANA zone', () => {
    expect(problems(variant((c) => (c['timeZone'] = 'Mars/Olympus_Mons')))).toEqual(['timeZone: must be an IANA time zone such as Europe/Berlin']);
  });

  it('refuses a cadence anchor that is not a real date', () => {
    expect(problems(variant((c) => (c['cadence'].anchor = '2019-13-45')))).toEqual(['cadence.anchor: is not a real date']);
    expect(problems(variant((c) => (c['cadence'].anchor = '2019-02-30')))).toEqual(['cadence.anchor: is not a real date']);
    expect(problems(variant((c) => (c['cadence'].anchor = 'next monday')))).toContain('cadence.anchor: must be a date such as 2019-09-09');
    expect(problems(variant((c) => delete c['cadence'].anchor))[0]).toMatch(/^cadence\.anchor: /);
  });

  it('refuses a quorum larger than the number of enrolled organisations', () => {
    expect(problems(variant((c) => (c['process'].signoff = { rule: 'quorum', minOk: 7 })))).toEqual([
      'process.signoff.minOk: asks for 7 ok answers but only 6 organisations take part in dev testing; that gate could never open',
      'process.signoff.minOk: asks for 7 ok answers but only 6 organisations take part in prod testing; that gate could never open',
    ]);
    expect(parseConfig(variant((c) => (c['process'].signoff = { rule: 'quorum', minOk: 6 }))).process.signoff).toEqual({ rule: 'quorum', minOk: 6 });
  });

  it('lists every problem at once', () => {
    const found = problems(
      variant((c) => {
        c['timeZone'] = 'Nowhere';
        c['leads'] = ['nobody'];
        c['commandPrefix'] = 'bot';
      }),
    );
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/^timeZone: /m);
    expect(found.join('\n')).toMatch(/^commandPrefix: /m);
  });

  it('names the line of invalid YAML', () => {
    const text = DEFAULT_TEXT.replace('timeZone: UTC', 'timeZone: [UTC');
    const line = DEFAULT_TEXT.split('\n').findIndex((l) => l.startsWith('commandPrefix')) + 1;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^not valid YAML at line ${line}, column \\d+: `));

    const duplicate = problems(`${DEFAULT_TEXT}\ntimeZone: Europe/Berlin\n`);
    expect(duplicate[0]).toMatch(/^not valid YAML at line \d+: Map keys must be unique/);
  });

  it('reports a file it cannot read', () => {
    const missing = join(tmpdir(), 'stagehand-no-such-config.yaml');
    expect(() => loadConfigFile(missing)).toThrow(ConfigError);
    try {
      loadConfigFile(missing);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([`no such file: ${missing}`]);
      expect((error as ConfigError).message).toBe(`no such file: ${missing}`);
    }
  });
});

describe('npm start with a bad configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stagehand-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits with code 2, names the key on stderr and writes no data directory', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      variant((c) => {
        c['testers'][0].org = 42;
        // Relative to the config file: the data directory would be created next to it.
        c['dataDir'] = 'data';
      }),
    );
    const result = await npmStart(['--config', file], { input: ['!release new v0.5.0'] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^stagehand: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ problems?:\n`));
    expect(result.stderr).toContain('  - testers[0].org: ');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
