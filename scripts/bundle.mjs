// The bundle `npm start` runs: src/main.ts and everything it imports in ONE file, dist/src/main.js (the
// path the Dockerfile, the tests and the bench spawn), built by esbuild. What a configuration may not use
// (the network clients, metrics, the web server) is imported dynamically and lands in chunks of its own
// under dist/chunks/, read only when a configuration needs it. Native and network-client packages stay
// external: better-sqlite3 is a native module, and the network clients (matrix-bot-sdk with its crypto
// shim, irc-framework, octokit, twitter-api-v2) are only loaded by a deployment, from node_modules.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTDIR = join(ROOT, 'dist');
const STAMP = join(OUTDIR, '.sources');
export const ENTRY = join(OUTDIR, 'src', 'main.js');

export const EXTERNAL = [
  'better-sqlite3',
  '@matrix-org/matrix-sdk-crypto-nodejs',
  'matrix-bot-sdk',
  'irc-framework',
  'octokit',
  '@octokit/*',
  'twitter-api-v2',
];

/**
 * zod's classic API re-exports every locale (`z.locales`, 60-odd message tables) and esbuild cannot drop a
 * namespace re-export. Stagehand only uses zod's default English messages (imported by zod's schemas
 * directly, not through this index), so the index is an empty module in the bundle: about 150 KB less
 * JavaScript to read and parse at every start. A `z.locales.*` call would find nothing.
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'no-zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * What the bundle is made from, cheaply: the sources' paths, sizes and mtimes, the lock file, this script
 * and esbuild's version (a few milliseconds of stat calls; esbuild itself is not loaded for it).
 */
export function fingerprint() {
  const inputs = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands')), join(ROOT, 'package-lock.json')].sort();
  const esbuildVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  return createHash('sha256')
    .update(esbuildVersion)
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(inputs.map((p) => { const s = statSync(p); return `${relative(ROOT, p)}:${s.mtimeMs}:${s.size}`; }).join('\n'))
    .digest('hex');
}

export function isStale(print) {
  // The Docker image ships dist/ without the sources: what was built is what runs.
  if (!existsSync(join(ROOT, 'src'))) return !existsSync(ENTRY);
  try {
    print ??= fingerprint();
    return readFileSync(STAMP, 'utf8') !== print;
  } catch {
    return true; // never built
  }
}

/** Builds the bundle when a source changed since the last build (or always, with force). */
export async function bundle({ force = false } = {}) {
  const print = fingerprint();
  if (!force && !isStale(print)) return false;
  const { build } = await import('esbuild');
  // Written over the old files, never after deleting dist/: another process (a test, a second shell) may
  // be starting from it this moment. Chunks the new build no longer has are removed afterwards.
  const result = await build({
    entryPoints: { 'src/main': join(ROOT, 'src', 'main.ts') },
    outdir: OUTDIR,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages (pino, prom-client) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __stagehandRequire } from 'node:module'; const require = __stagehandRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'none',
    // Whitespace and comments out, names kept (stack traces stay readable; STAGEHAND_SOURCE_MAPS=1 maps
    // them to src/). Without comments the bundle is pure ASCII (esbuild escapes non-ASCII in strings), so V8
    // keeps its source, held in memory for lazy compilation, one byte per character instead of two: a
    // single comment with an arrow or a dash had made a whole chunk's source UTF-16.
    minifyWhitespace: true,
    plugins: [noZodLocales],
    logLevel: 'warning',
    metafile: true,
  });
  const written = new Set(Object.keys(result.metafile.outputs).map((out) => join(ROOT, out)));
  const keep = (path) => written.has(path) || [...written].some((out) => out.startsWith(`${path}/`));
  const prune = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (path === STAMP || keep(path)) {
        if (entry.isDirectory()) prune(path);
      } else rmSync(path, { recursive: true, force: true });
    }
  };
  prune(OUTDIR);
  mkdirSync(OUTDIR, { recursive: true });
  writeFileSync(STAMP, print);
  return true;
}
