/**
 * Read-only directories and files for the storage-error tests, that stay read-only for root too (CI runs
 * the tests as root, and root ignores file modes): as root, a read-only tmpfs for a directory and the
 * immutable attribute (`chattr +i`, or a read-only bind mount where the file system has no such attribute)
 * for a file; as anyone else, the file modes. Nothing is skipped: if none of these works, the test fails.
 * `undo()` puts everything back so the temporary directories can be removed.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';

const asRoot = process.getuid?.() === 0;
const undos: (() => void)[] = [];

const sh = (command: string, ...args: string[]): void => void execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A new empty directory at `dir` that nobody can write in. Returns the cause the kernel gives for writing there. */
export function readOnlyDirectory(dir: string): string {
  mkdirSync(dir, { recursive: true });
  if (!asRoot) {
    chmodSync(dir, 0o555);
    undos.push(() => chmodSync(dir, 0o755));
    return 'permission denied';
  }
  sh('mount', '-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir);
  undos.push(() => sh('umount', '-l', dir));
  return 'read-only file system';
}

/** Make the existing file `file` unwritable; returns the cause the kernel gives for writing it. */
export function readOnlyFile(file: string): string {
  if (!asRoot) {
    chmodSync(file, 0o444);
    undos.push(() => chmodSync(file, 0o644));
    return 'permission denied';
  }
  try {
    sh('chattr', '+i', file);
    undos.push(() => sh('chattr', '-i', file));
    return 'operation not permitted';
  } catch {
    // overlayfs and tmpfs have no immutable attribute: bind the file onto itself, read-only.
    sh('mount', '--bind', file, file);
    undos.push(() => sh('umount', '-l', file));
    sh('mount', '-o', 'remount,ro,bind', file);
    return 'read-only file system';
  }
}

/** Undo every readOnly… call, newest first. */
export function undoReadOnly(): void {
  for (const undo of undos.splice(0).reverse()) undo();
}
