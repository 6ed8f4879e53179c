/**
 * What `npm start` loads in local mode (issue 15, "Weight"): the bundle (dist/src/main.js and the chunks it
 * shares) and better-sqlite3, the one native module; never the parts local mode does not use — metrics
 * (prom-client, @opentelemetry/api), the network clients — and no package from node_modules file by file.
 * Files are recorded by a module-load hook preloaded into the real process (ESM loads and CommonJS requires).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'stagehand-weight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOADED_FILES, url + '\\n');
  return next(url, context);
}`;
const PRELOAD = (hooks: string): string => `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(hooks)});
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    if (file.startsWith('/')) appendFileSync(process.env.LOADED_FILES, pathToFileURL(file).href + '\\n');
  } catch {}
  return loaded;
};`;

function loadedFiles(list: string): string[] {
  const urls = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  return [...new Set(urls.map((url) => relative(REPO_ROOT, new URL(url).pathname)))].sort();
}

describe('npm start in local mode', () => {
  it('runs the bundle and loads nothing it does not use', async () => {
    const hooks = join(dir, 'hooks.mjs');
    const preload = join(dir, 'preload.mjs');
    const list = join(dir, 'loaded.txt');
    writeFileSync(hooks, HOOKS);
    writeFileSync(preload, PRELOAD(pathToFileURL(hooks).href));
    writeFileSync(list, '');
    const result = await run(process.execPath, ['--import', pathToFileURL(preload).href, 'scripts/start.mjs', '--data', join(dir, 'data')], {
      input: ['!help'],
      env: { LOADED_FILES: list },
    });
    expect(result.stdout).toContain('!help <command> explains one.');
    expect(result.code).toBe(0);
    const files = loadedFiles(list);
    const packages = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
    // Only the native module and its loader come from node_modules; the rest is inside the bundle.
    expect([...packages].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
    expect(files).toContain('dist/src/main.js');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('commands/'))).toEqual([]);
    // The lazy parts stay unread: metrics, Matrix, IRC, GitHub/X.
    expect(files.filter((f) => /^dist\/chunks\/(metrics|matrix-network|irc-network|live-parts)-/.test(f))).toEqual([]);
    const read = files.filter((f) => f.startsWith('dist/')).map((f) => readFileSync(join(REPO_ROOT, f), 'utf8'));
    expect(read.some((text) => text.includes('prom-client') || text.includes('@opentelemetry/api'))).toBe(false);
  });
});
