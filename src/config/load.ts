import { dirname, resolve } from 'node:path';
import { isNode, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { plainIssueMessage } from './plain-issue.js';
import { configSchema, type Config } from './schema.js';
import { readConfigText } from './read-config-file.js';
import { suggestKey } from './typo-hint.js';
import { describeYamlError } from './yaml-problem.js';

/** A configuration that cannot be used; `problems` name each bad key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    /** The whole message, where a list would be too much (the file itself cannot be read). */
    headline?: string,
  ) {
    super(headline ?? `${file}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadedConfig {
  readonly config: Config;
  /** Folder that relative paths in the config are resolved against. */
  readonly baseDir: string;
  readonly file: string;
}

export function loadConfigFile(file: string): LoadedConfig {
  const read = readConfigText(file);
  if (!read.ok) throw new ConfigError(file, [read.sentence], read.sentence);
  return { config: parseConfig(read.text, file), baseDir: dirname(resolve(file)), file };
}

export function parseConfig(text: string, file = 'config'): Config {
  const result = configSchema.safeParse(parseYamlText(text, file) ?? {});
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues));
  return result.data;
}

/**
 * A configuration is a few kilobytes (a few hundred testers fit in 100 KB); a file past this is a mistake
 * (a log or a binary given by accident) and is refused before the YAML parser spends seconds on it.
 */
export const MAX_CONFIG_LENGTH = 1024 * 1024;

/**
 * The YAML as plain data (duplicate keys are an error), not yet checked against the schema. The library's
 * own duplicate-key check compares each key with every earlier one in its map (40,000 keys took 22 s), so
 * it is off, and one walk with a set per map does the same check in linear time.
 */
export function parseYamlText(text: string, file: string): unknown {
  if (text.length > MAX_CONFIG_LENGTH) {
    throw new ConfigError(file, [`the file is too big to be a configuration (${text.length.toLocaleString('en-US')} characters; at most ${MAX_CONFIG_LENGTH.toLocaleString('en-US')}): nothing in it was read`]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  const [error] = doc.errors;
  if (error) throw new ConfigError(file, [describeYamlError(error)]);
  const duplicate = firstDuplicateKey(doc);
  if (duplicate !== undefined) throw new ConfigError(file, [`not valid YAML at line ${lines.linePos(duplicate).line}: Map keys must be unique`]);
  try {
    return doc.toJS();
  } catch (error) {
    // Too many aliases (an alias bomb) and the like are found while building the data.
    throw new ConfigError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** Where the first key that repeats an earlier key of its map starts (a text offset), if any. */
function firstDuplicateKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Scalars are equal by value (as the library's own check has it); other keys only by identity.
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** More problems than this are counted, not listed: nobody fixes 400,000 keys one line at a time. */
export const MAX_PROBLEMS_LISTED = 100;

/**
 * One line per problem, each naming its key path; every unknown key on a line of its own. At most
 * MAX_PROBLEMS_LISTED lines and then how many more there are, so the time (each unknown key gets a
 * "did you mean" search) and the report stay small however big the file.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  let more = 0;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') {
      if (lines.length < MAX_PROBLEMS_LISTED) lines.push(`${formatPath(issue.path) || '(top level)'}: ${plainIssueMessage(issue)}`);
      else more += 1;
      continue;
    }
    for (const key of issue.keys) {
      if (lines.length >= MAX_PROBLEMS_LISTED) {
        more += 1;
        continue;
      }
      const suggestion = suggestKey(configSchema, issue.path, key);
      // The key exists, but only in another form of this section (`minOk` with `rule: all`): not a typo.
      if (suggestion === key) lines.push(`${formatPath([...issue.path, key])}: not allowed with the other settings of this section`);
      else lines.push(`${formatPath([...issue.path, key])}: unknown key (a typo?${suggestion ? ` did you mean ${suggestion}?` : ''})`);
    }
  }
  if (more > 0) lines.push(`… and ${more.toLocaleString('en-US')} more problems like these (the first ${MAX_PROBLEMS_LISTED} are listed)`);
  return lines;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

export const resolveFrom = (loaded: LoadedConfig, path: string): string => resolve(loaded.baseDir, path);
