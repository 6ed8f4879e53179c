import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, MAX_CONFIG_LENGTH, MAX_PROBLEMS_LISTED, parseConfig, parseYamlText } from '../../../src/config/load.js';
import { DEFAULT_CONFIG_FILE } from '../../helpers/test-app.js';

const DEFAULT_TEXT = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');

function problems(text: string): readonly string[] {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const keys = (n: number, indent = ''): string => Array.from({ length: n }, (_, i) => `${indent}k${i}: ${i}`).join('\n');

describe('config checking stays linear in the size of the file (issue 13, finding 7)', () => {
  it('still finds a duplicate key in a nested map, naming its line', () => {
    const text = 'project:\n  name: a\n  repo: a/b\n  name: b\n';
    expect(problems(text)).toEqual(['not valid YAML at line 4: Map keys must be unique']);
  });

  it('finds a duplicate among 20,000 keys, at its line, and keeps equal-looking keys of other types apart', () => {
    expect(problems(`${keys(20_000)}\nk7: again\n`)).toEqual(['not valid YAML at line 20001: Map keys must be unique']);
    expect(parseYamlText('1: a\n"1": b\n', 'x')).toEqual({ 1: 'b' });
  });

  it('lists at most the first problems and counts the rest', () => {
    const listed = problems(`${DEFAULT_TEXT}\n${keys(5_000)}\n`);
    expect(listed).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(listed[0]).toBe('k0: unknown key (a typo?)');
    expect(listed.at(-1)).toBe(`… and ${(5_000 - MAX_PROBLEMS_LISTED).toLocaleString('en-US')} more problems like these (the first ${MAX_PROBLEMS_LISTED} are listed)`);
  });

  it('refuses a file over the size limit before reading it (400,000 keys)', () => {
    const text = `${DEFAULT_TEXT}\n${keys(400_000)}\n`;
    expect(text.length).toBeGreaterThan(MAX_CONFIG_LENGTH);
    expect(problems(text)).toEqual([
      `the file is too big to be a configuration (${text.length.toLocaleString('en-US')} characters; at most ${MAX_CONFIG_LENGTH.toLocaleString('en-US')}): nothing in it was read`,
    ]);
  });

  it('refuses an impossible cadence anchor', () => {
    expect(problems(DEFAULT_TEXT.replace(/anchor: .*/, 'anchor: 2019-02-29'))).toEqual(['cadence.anchor: is not a real date']);
  });
});
