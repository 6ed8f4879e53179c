/**
 * A configuration with a wrong type anywhere: the full example config (config/example.yaml) with each
 * top-level key, and each key one level down, replaced in turn by a value of every other kind (number,
 * string, list, boolean, map). loadConfigFile refuses each with a ConfigError whose problem names that key
 * path, and --check-config (checkConfig) reports it; nothing throws anything else.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkConfig } from '../../../src/check-config.js';
import { ConfigError, loadConfigFile } from '../../../src/config/load.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const example = parse(readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8')) as Record<string, unknown>;
example['templates'] = { dir: join(CONFIG_DIR, 'templates'), checklist: join(CONFIG_DIR, 'release-checklist.md') };

type Kind = 'number' | 'string' | 'list' | 'boolean' | 'map';
const SAMPLES: Record<Kind, unknown> = { number: 42, string: 'oops', list: [1, 'two'], boolean: true, map: { nested: 1 } };
const kindOf = (value: unknown): Kind =>
  Array.isArray(value) ? 'list' : value !== null && typeof value === 'object' ? 'map' : (typeof value as 'number' | 'string' | 'boolean');

/** Every key path one or two levels deep, with the example's value there. */
const PATHS: [string[], unknown][] = Object.entries(example).flatMap(([key, value]) => [
  [[key], value] as [string[], unknown],
  ...(kindOf(value) === 'map' ? Object.entries(value as Record<string, unknown>).map(([sub, v]) => [[key, sub], v] as [string[], unknown]) : []),
]);
// A map given where a map is expected is wrong only if its keys are: that is the typo test elsewhere.
const CASES = PATHS.flatMap(([path, value]) =>
  (Object.keys(SAMPLES) as Kind[]).filter((k) => k !== kindOf(value) && !(k === 'string' && path.join('.') === 'commandPrefix')).map((kind) => [path.join('.'), kind, path] as const),
);

const dir = mkdtempSync(join(tmpdir(), 'stagehand-hostile-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { STAGEHAND_MATRIX_TOKEN: 't', STAGEHAND_IRC_PASSWORD: 'p', GITHUB_TOKEN: 'g', TWITTER_APP_KEY: 'k', TWITTER_APP_SECRET: 's', TWITTER_ACCESS_TOKEN: 'a', TWITTER_ACCESS_SECRET: 'b' };

function withValue(path: readonly string[], value: unknown): string {
  const copy = structuredClone(example);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
  const file = join(dir, `${path.join('.')}-${kindOf(value)}.yaml`);
  writeFileSync(file, stringify(copy));
  return file;
}

it('the example config itself loads', () => {
  expect(() => loadConfigFile(withValue(['project', 'name'], (example['project'] as { name: string }).name))).not.toThrow();
  expect(CASES.length).toBeGreaterThan(100);
});

describe('a wrong type', () => {
  it.each(CASES)('at %s (%s): refused, naming the key', (name, kind, path) => {
    const file = withValue(path, SAMPLES[kind]);
    let error: unknown;
    try {
      loadConfigFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith(name))).toBe(true);
    const check = checkConfig(file, ENV);
    expect(check.ok).toBe(false);
    expect(check.report).toContain(name);
  });
});
