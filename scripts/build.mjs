// Transpile src/ and commands/ to dist/ with esbuild: about a tenth of a second, no type check (that is
// `npm run typecheck`). `npm start` runs this first, so it always runs the code in the work tree; when no
// source changed since the last build it does nothing.
import { build, version as esbuildVersion } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
const stamp = join(outdir, '.sources');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const entryPoints = [...sources(join(root, 'src')), ...sources(join(root, 'commands'))].sort();
const fingerprint = createHash('sha256')
  .update(esbuildVersion)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(entryPoints.map((p) => `${relative(root, p)}:${statSync(p).mtimeMs}:${statSync(p).size}`).join('\n'))
  .digest('hex');

let previous = '';
try {
  previous = readFileSync(stamp, 'utf8');
} catch {
  // first build
}
if (previous !== fingerprint) {
  await build({
    entryPoints,
    outdir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(stamp, fingerprint);
}
