import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { suggestKey } from './typo-hint.js';

/** A configuration that cannot be used; `problems` name each bad key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadedConfig {
  readonly config: Config;
  /** Folder that relative paths in the config are resolved against. */
  readonly baseDir: string;
  readonly file: string;
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return { config: parseConfig(text, file), baseDir: dirname(resolve(file)), file };
}

export function parseConfig(text: string, file = 'config'): Config {
  const result = configSchema.safeParse(parseYamlText(text, file) ?? {});
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  return result.data;
}

/** The YAML as plain data (duplicate keys are an error), not yet checked against the schema. */
export function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigError(file, [`not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** One line per problem, each naming its key path; every unknown key on a line of its own. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [`${formatPath(issue.path) || '(top level)'}: ${issue.message}`];
    return issue.keys.map((key) => {
      const suggestion = suggestKey(configSchema, issue.path, key);
      // The key exists, but only in another form of this section (`minOk` with `rule: all`): not a typo.
      if (suggestion === key) return `${formatPath([...issue.path, key])}: not allowed with the other settings of this section`;
      return `${formatPath([...issue.path, key])}: unknown key (a typo?${suggestion ? ` did you mean ${suggestion}?` : ''})`;
    });
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export const resolveFrom = (loaded: LoadedConfig, path: string): string => resolve(loaded.baseDir, path);
