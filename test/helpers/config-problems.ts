/** Config test helpers: variants of config/default.yaml, and the problems a refused config is reported with. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG_FILE } from './test-app.js';

/** config/default.yaml as text. */
export const DEFAULT_TEXT = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');

/** The default config as YAML, after `change` edits its parsed form. */
export function variant(change: (config: Record<string, any>) => void): string {
  const config = parseYaml(DEFAULT_TEXT) as Record<string, any>;
  change(config);
  return stringifyYaml(config);
}

/** The problems a config text is refused with, each naming its key (fails the test if it is accepted). */
export function problems(text: string): readonly string[] {
  try {
    parseConfig(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.file).toBe('bad.yaml');
    expect(configError.message).toMatch(/^bad\.yaml: invalid configuration:\n {2}- /);
    return configError.problems;
  }
  throw new Error('expected the configuration to be refused');
}
