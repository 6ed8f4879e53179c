/**
 * The house rule "a file imports only from its own floor or below", checked on every source file.
 * Imports are read by the TypeScript compiler's own pre-processor (static, dynamic and type-only), so the
 * check sees what tsc sees; a file in a folder not listed below fails the test until it is given a floor.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Lowest first. What everything needs (the clock, the effect types, Result) is the ground floor. */
const FLOORS: readonly (readonly string[])[] = [
  ['src/ground'],
  ['src/log'],
  ['src/release'],
  ['src/config'],
  ['src/people'],
  ['src/text'],
  ['src/store'],
  ['src/publish'],
  ['src/desk'],
  ['src/schedule'],
  ['src/commands-kit'],
  ['src/views'],
  ['commands'],
  ['src/github', 'src/twitter'],
  ['src/chat'],
  ['src/ops', 'src/web'],
  // The composition root and the CLI (src/app.ts, src/main.ts and the files beside them), with their helpers.
  ['src/*', 'src/cli', 'src/local'],
];

function floorOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  FLOORS.forEach((folders, floor) => {
    for (const folder of folders) {
      // `src/*` is the files directly in src/, not its sub-folders: a new folder has no floor until given one.
      const inside = folder.endsWith('/*') ? dirname(file) === folder.slice(0, -2) : file.startsWith(`${folder}/`);
      if (inside && folder.length > bestLength) [best, bestLength] = [floor, folder.length];
    }
  });
  return best;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function localImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
}

describe('floors', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('commands')];

  it('gives every source file a floor', () => {
    expect(files.filter((file) => floorOf(file) < 0)).toEqual([]);
  });

  it('has no file importing from a floor above its own', () => {
    const upward = files.flatMap((file) =>
      localImports(file)
        .filter((target) => floorOf(target) > floorOf(file))
        .map((target) => `${file} imports ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the ground floor free of imports from anywhere else in the project', () => {
    const ground = files.filter((file) => file.startsWith('src/ground/'));
    expect(ground.length).toBeGreaterThan(5);
    expect(ground.flatMap((file) => localImports(file).filter((t) => !t.startsWith('src/ground/')))).toEqual([]);
  });
});
