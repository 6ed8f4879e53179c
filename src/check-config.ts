/**
 * `--check-config`: everything start-up would refuse about a config file, all at once — schema problems
 * (each named by its key path, unknown keys with a likely intended key), secrets that cannot be read from
 * their environment variable or file, templates that do not load. Secret values are read to prove they
 * exist and then dropped; only the key and where it was expected are ever printed.
 */
import { configSchema, isAcrossKeys, type Config } from './config/schema.js';
import { ConfigError, describeIssues, parseYamlText, resolveFrom, type LoadedConfig } from './config/load.js';
import { readConfigText } from './config/read-config-file.js';
import { dirname, resolve } from 'node:path';
import { SECRET_PATHS, valueAt } from './config/configured-secrets.js';
import { readSecret } from './config/secret.js';
import { secretRef } from './config/secret-ref.js';
import { PRIVATE_KEY_PATHS, readPrivateKey } from './config/private-key.js';
import { Templates, TemplateError } from './text/templates.js';

export interface ConfigCheck {
  readonly ok: boolean;
  /** What to print: `config OK: …` or the list of problems. */
  readonly report: string;
}

export function checkConfig(file: string, env: NodeJS.ProcessEnv): ConfigCheck {
  const problems: string[] = [];
  const collect = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) problems.push(problem);
    }
  };
  const read = readConfigText(file);
  if (!read.ok) return { ok: false, report: read.sentence };
  const { text } = read;
  let raw: unknown;
  collect(() => (raw = parseYamlText(text, file) ?? {}));
  if (problems.length > 0) return failed(file, problems, false);

  const loaded = { baseDir: dirname(resolve(file)), file };
  const parsed = configSchema.safeParse(raw);
  // A loop, not push(...): a spread of a very long list overflows the stack.
  if (!parsed.success) for (const problem of describeIssues(parsed.error.issues)) problems.push(problem);
  // Secrets and templates are checked even when other keys are wrong, from whatever is readable.
  for (const path of SECRET_PATHS) {
    const ref = secretRef.safeParse(valueAt(raw, path));
    if (ref.success) collect(() => void readSecret({ ...loaded, config: {} as Config }, ref.data, path, env));
  }
  for (const path of PRIVATE_KEY_PATHS) {
    const ref = secretRef.safeParse(valueAt(raw, path));
    if (ref.success) collect(() => void readPrivateKey({ ...loaded, config: {} as Config }, ref.data, path, env));
  }
  const templates = configSchema.shape.templates.safeParse(valueAt(raw, ['templates']));
  if (templates.success) {
    const at = { ...loaded, config: {} as Config } satisfies LoadedConfig;
    try {
      Templates.load(resolveFrom(at, templates.data.dir), resolveFrom(at, templates.data.checklist));
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push(`templates: ${error.message}`);
    }
  }
  // Keys that are each fine are checked against each other only when the whole shape is right; once one
  // such check has spoken, they all ran, and the note would contradict the list.
  const crossChecksPending = !parsed.success && !parsed.error.issues.some(isAcrossKeys);
  if (problems.length > 0 || !parsed.success) return failed(file, problems, crossChecksPending);
  return { ok: true, report: `config OK: ${file}: ${summary(parsed.data, { ...loaded, config: parsed.data })}` };
}

function failed(file: string, problems: readonly string[], crossChecksPending: boolean): ConfigCheck {
  const lines = [`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`, ...problems.map((p) => `  - ${p}`)];
  if (crossChecksPending) lines.push('(checks across keys, such as leads being listed under people, run once these are fixed)');
  return { ok: false, report: lines.join('\n') };
}

function summary(config: Config, loaded: LoadedConfig): string {
  const { chat } = config;
  const networks = [
    chat.shell ? 'shell' : null,
    chat.matrix ? `matrix (${chat.matrix.homeserverUrl}, ${roomCount(chat.matrix.rooms)} rooms)` : null,
    chat.irc ? `irc (${chat.irc.host}:${chat.irc.port}, ${roomCount(chat.irc.channels)} channels)` : null,
  ].filter(Boolean);
  return [
    `project ${config.project.name} (${config.project.repo})`,
    `chat: ${networks.join(', ')}`,
    `github ${config.github ? `live${config.github.app ? ` (App ${config.github.app.appId})` : ''}` : 'dry run'}, twitter ${config.twitter ? 'live' : 'dry run'}`,
    `${config.leads.length} lead${config.leads.length === 1 ? '' : 's'}, ${config.testers.length} tester organisations`,
    `data in ${resolveFrom(loaded, config.dataDir)}`,
  ].join('; ');
}

const roomCount = (rooms: Record<string, readonly string[]>): number => new Set(Object.values(rooms).flat()).size;
