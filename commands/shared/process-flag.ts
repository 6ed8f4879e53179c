import { parseProcess, PROCESSES, type ReleaseProcess } from '../../src/release/process.js';
import { fail, ok, type Result } from '../../src/ground/result.js';

/** The `--process` option of `release new` and `release adopt`: how it is declared, and its value read. */
export const PROCESS_FLAG = { name: 'process', valueName: PROCESSES.join('|') } as const;

/** The process a lead asked for (undefined: none asked, the version's kind decides), or why it is not one. */
export function askedProcess(asked: string | undefined): Result<ReleaseProcess | undefined> {
  if (asked === undefined) return ok(undefined);
  const process = parseProcess(asked);
  return process === undefined ? fail(`${JSON.stringify(asked.slice(0, 40))} is not a process: use --process ${PROCESSES.join(' or --process ')}.`) : ok(process);
}
