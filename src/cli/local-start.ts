/**
 * The local-mode parts of a start, between reading the configuration and running the app (main.ts calls
 * these in order): `--example` picks a script and a fresh data directory of its own; `--reset` empties the
 * data directory once its lock is held; a script piped onto a used directory is refused (src/local/used-data.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config/schema.js';
import { exampleInput, findExample, type ExampleRun } from '../local/example-scripts.js';
import { resetDataDir } from '../local/reset-data-dir.js';
import { usedDataRefusal } from '../local/used-data.js';
import type { Store } from '../store/store.js';
import { StartupError } from '../ground/startup-error.js';

export interface LocalFlags {
  readonly example?: string | undefined;
  readonly reset?: boolean | undefined;
  readonly yes?: boolean | undefined;
  readonly continue?: boolean | undefined;
  readonly data?: string | undefined;
}

/** `--example NAME`: the scripts to run, or a StartupError listing the examples. Null without the flag. */
export function chosenExample(flags: LocalFlags, examplesDir: string, config: Config): ExampleRun | null {
  if (flags.example === undefined) return null;
  // An example's posts must stay on the terminal: never run one with a configuration that posts for real.
  const live: string[] = [...(['matrix', 'irc'] as const).filter((network) => config.chat[network]), ...(['github', 'twitter'] as const).filter((key) => config[key])];
  if (!config.chat.shell || live.length > 0) throw new StartupError(`an example runs in local mode only (the shell, every post a dry run); this configuration ${config.chat.shell ? `posts for real to ${live.join(', ')}` : 'has no shell'}`);
  if (flags.data !== undefined) throw new StartupError('an example runs on a fresh data directory of its own; leave out --data');
  if (flags.reset) throw new StartupError('an example runs on a fresh data directory of its own; it needs no --reset');
  const found = findExample(examplesDir, flags.example);
  if (!found.ok) throw new StartupError(found.message);
  return found.run;
}

/** A new, empty data directory for one example run, kept afterwards so it can be continued. */
export const exampleDataDir = (run: ExampleRun): string => mkdtempSync(join(tmpdir(), `stagehand-example-${run.name}-`));

/** The shell's input and how it is shown: the example's scripts, echoed, or the process's stdin. */
export function shellInput(run: ExampleRun | null, stdin: Readable & { isTTY?: boolean }): { input: Readable; interactive: boolean; echo?: boolean } {
  if (run) return { input: exampleInput(run), interactive: false, echo: true };
  return { input: stdin, interactive: Boolean(stdin.isTTY) };
}

/**
 * `--reset` with the lock held: true to go on starting (on the emptied directory), false when the person
 * declined (exit 0). Throws StartupError when it may not run.
 */
export async function resetIfAsked(flags: LocalFlags, config: Config, dataDir: string, io: { input: Readable & { isTTY?: boolean }; output: Writable; say: (line: string) => void }): Promise<boolean> {
  if (!flags.reset) return true;
  const outcome = await resetDataDir({ config, dataDir, yes: Boolean(flags.yes), terminal: io.input.isTTY ? { input: io.input, output: io.output } : null });
  if (!outcome.done) {
    if (outcome.declined) {
      io.say(outcome.message);
      return false;
    }
    throw new StartupError(outcome.message);
  }
  io.say(outcome.removed.length > 0 ? `reset ${dataDir}: removed ${outcome.removed.join(', ')}` : `reset ${dataDir}: it held no Stagehand data`);
  return true;
}

/** A piped script on the configuration's own, used data directory, without --continue: the refusal (StartupError). */
export function refuseUsedData(flags: LocalFlags, app: { store: Store; shell: unknown }, dataDir: string, piped: boolean, example: ExampleRun | null): void {
  if (!app.shell || !piped || example || flags.continue || flags.data !== undefined) return;
  const refusal = usedDataRefusal({ store: app.store, dataDir });
  if (refusal) throw new StartupError(refusal);
}

/** After an example: where it ran, and how to go on from there. */
export const exampleEpilogue = (dataDir: string): string =>
  `(This example ran on a data directory of its own: ${dataDir}. Continue from where it ended with: npm start -- --data ${dataDir})\n`;
