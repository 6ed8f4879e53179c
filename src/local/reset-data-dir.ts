/**
 * `npm start -- --reset`: start the local simulation over by deleting what Stagehand keeps in the data
 * directory (the database with its releases, answers, posts and `/time` offset, and the blog drafts).
 * Only Stagehand's own files go: a `--data` that points at a folder holding other things (a home
 * directory, by mistake) loses nothing else. Only for local mode: a deployment's database is not a thing
 * one flag should erase. The caller holds the directory's lock, so no running Stagehand loses its store.
 */
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config/schema.js';

/** What Stagehand writes into a data directory (the lock files are the holder's and stay). */
const STAGEHAND_FILES = ['stagehand.db', 'stagehand.db-wal', 'stagehand.db-shm', 'stagehand.db-journal', 'blog'];

export interface ResetRequest {
  readonly config: Pick<Config, 'chat'>;
  readonly dataDir: string;
  /** `--yes`: no question asked. */
  readonly yes: boolean;
  /** A person at a terminal, who is asked y/N. */
  readonly terminal: { readonly input: Readable; readonly output: Writable } | null;
}

export type ResetOutcome =
  | { readonly done: true; readonly removed: readonly string[] }
  /** Nothing was deleted; `message` says why (exit 2), or the person said no (`declined`, exit 0). */
  | { readonly done: false; readonly declined: boolean; readonly message: string };

export async function resetDataDir(request: ResetRequest): Promise<ResetOutcome> {
  const { config, dataDir } = request;
  if (!config.chat.shell || config.chat.matrix || config.chat.irc) {
    return { done: false, declined: false, message: `--reset is for local mode (the shell, no chat network); this configuration's data in ${dataDir} is left alone` };
  }
  const present = STAGEHAND_FILES.filter((name) => existsSync(join(dataDir, name)));
  if (!request.yes) {
    if (!request.terminal) return { done: false, declined: false, message: `--reset deletes the releases and the simulated clock in ${dataDir}; off a terminal it needs --reset --yes` };
    if (present.length > 0 && !(await confirm(request.terminal, `Delete the releases, answers, posts and simulated clock in ${dataDir}? [y/N] `))) {
      return { done: false, declined: true, message: `nothing deleted; ${dataDir} is as it was` };
    }
  }
  for (const name of present) rmSync(join(dataDir, name), { recursive: true, force: true });
  return { done: true, removed: present };
}

/** One y/N question; anything but y or yes (an empty line, end of input) is no. */
async function confirm(terminal: { readonly input: Readable; readonly output: Writable }, question: string): Promise<boolean> {
  const lines = createInterface({ input: terminal.input, output: terminal.output, terminal: false });
  const ended = new Promise<string>((resolve) => lines.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([lines.question(question), ended]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
