// `npm start`: rebuild the bundle only when a source changed since the last build (a few ms of stat calls;
// esbuild is loaded only then), then run dist/src/main.js in this same process, with source maps for stack
// traces. One process, one bundled file: no build step and no loader on an ordinary start.
import { ENTRY, bundle, isStale } from './bundle.mjs';
import { pathToFileURL } from 'node:url';

if (isStale()) await bundle({ force: true });
process.setSourceMapsEnabled(true);
await import(pathToFileURL(ENTRY).href);
