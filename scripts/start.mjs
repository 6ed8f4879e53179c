// `npm start`: rebuild the bundle only when a source changed since the last build (a few ms of stat calls;
// esbuild is loaded only then), then run dist/src/main.js in this same process. One process, one bundled
// file: no build step and no loader on an ordinary start. Source maps are not enabled: Node would read the
// bundle's map at every start (about 60 ms); the bundle keeps its names, and STAGEHAND_SOURCE_MAPS=1 turns
// them on when a stack trace must point into src/. package.json runs this with --max-semi-space-size=1: a
// chat bot's young objects are small and short-lived, and V8's default 16 MB semi-spaces only raised its
// peak resident memory (about 12 MB more after 1,000 commands at 2 MB, 3 MB more again than at 1 MB); and
// with --v8-pool-size=1: one V8 worker thread instead of one per core, about 2 MB less resident memory.
import { ENTRY, bundle, isStale } from './bundle.mjs';
import { pathToFileURL } from 'node:url';

if (isStale()) await bundle({ force: true });
if (process.env.STAGEHAND_SOURCE_MAPS === '1') process.setSourceMapsEnabled(true);
await import(pathToFileURL(ENTRY).href);
