/**
 * Reading the configuration file's text, shared by a normal start and `--check-config`. A missing file is
 * the commonest first-run mistake (a wrong --config path), so it is named plainly: "no such file: <path>".
 */
import { readFileSync } from 'node:fs';
import { fileProblem } from '../ground/file-problem.js';

export type ConfigText =
  | { readonly ok: true; readonly text: string }
  /** `sentence` is the whole message to print: a file that cannot be read has no list of problems. */
  | { readonly ok: false; readonly sentence: string };

export function readConfigText(file: string): ConfigText {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { ok: false, sentence: fileProblem(file, error) };
  }
}
