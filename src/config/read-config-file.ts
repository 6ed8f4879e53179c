/**
 * Reading the configuration file's text, shared by a normal start and `--check-config`. A missing file is
 * the commonest first-run mistake (a wrong --config path), so it is named plainly: "no such file: <path>".
 */
import { readFileSync } from 'node:fs';

/** Node's error codes for a file that cannot be read, in words. */
const CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

export type ConfigText =
  | { readonly ok: true; readonly text: string }
  /** `sentence` is the whole message to print: a file that cannot be read has no list of problems. */
  | { readonly ok: false; readonly sentence: string };

export function readConfigText(file: string): ConfigText {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, sentence: `no such file: ${file}` };
    return { ok: false, sentence: `cannot read ${file}: ${code ? (CAUSES[code] ?? code) : String(error)}` };
  }
}
