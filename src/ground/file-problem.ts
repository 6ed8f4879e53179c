/**
 * Why a file named by the user (the config, a secret's `{ file: … }`, a key, a template) cannot be read,
 * in words rather than Node's error codes: a wrong path is the commonest first-run mistake, so it reads
 * plainly "no such file: <path>", everywhere the same.
 */

/** Node's error codes for a file that cannot be read, in words. */
const CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

export function fileProblem(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `no such file: ${path}`;
  return `cannot read ${path}: ${code ? (CAUSES[code] ?? code) : String(error)}`;
}
