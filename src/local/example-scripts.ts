/**
 * `npm run example -- <name>`: the scripts in examples/ by a short name (`feature` for
 * feature-release.txt, `six-weeks` for six-weeks.txt). A script that continues another one says so in a
 * `# Needs: <file>` line among its first comments, and that one runs first in the same session, so
 * every example works on a fresh data directory of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';

export interface ExampleRun {
  readonly name: string;
  /** The script files to feed, prerequisites first. */
  readonly files: readonly string[];
}

export type ExampleLookup = { readonly ok: true; readonly run: ExampleRun } | { readonly ok: false; readonly message: string };

/** How long a chain of `# Needs:` may be: a loop in them is a mistake in examples/, not a reason to hang. */
const MAX_CHAIN = 8;

/** The short names of the scripts in `dir`, sorted. */
export function exampleNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.replace(/(-release)?\.txt$/, ''))
    .sort();
}

export function findExample(dir: string, wanted: string): ExampleLookup {
  const names = exampleNames(dir);
  const name = wanted.trim().toLowerCase().replace(/(-release)?(\.txt)?$/, '');
  const file = [`${name}-release.txt`, `${name}.txt`].find((candidate) => readdirSync(dir).includes(candidate));
  if (!name || !file) {
    const said = wanted.trim() ? `there is no example ${JSON.stringify(wanted.slice(0, 40))}` : 'which example?';
    return { ok: false, message: `${said}; the examples are: ${names.join(', ')} (npm run example -- ${names[0] ?? 'feature'})` };
  }
  const files = [join(dir, file)];
  for (let needs = neededBy(files[0]!); needs !== null; needs = neededBy(files[0]!)) {
    if (files.length > MAX_CHAIN || files.some((f) => basename(f) === needs)) return { ok: false, message: `examples/${file}: its "# Needs:" lines go round in a circle` };
    if (!readdirSync(dir).includes(needs)) return { ok: false, message: `examples/${file} needs ${needs}, which is not in examples/` };
    files.unshift(join(dir, needs));
  }
  return { ok: true, run: { name, files } };
}

/** The file a script continues from (`# Needs: feature-release.txt` in its leading comments), if any. */
function neededBy(file: string): string | null {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('#')) break;
    const match = /^#\s*Needs:\s*([\w.-]+\.txt)\b/i.exec(line);
    if (match) return match[1]!;
  }
  return null;
}

/** The scripts as one input, each introduced by a comment naming it (the shell echoes comments). */
export function exampleInput(run: ExampleRun): Readable {
  const parts = run.files.map((file) => `# ---- examples/${basename(file)} ----\n${readFileSync(file, 'utf8').replace(/\n?$/, '\n')}`);
  return Readable.from(parts);
}
