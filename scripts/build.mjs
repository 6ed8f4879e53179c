// `npm run build`: bundle src/main.ts into dist/src/main.js (scripts/bundle.mjs) when a source changed since
// the last build; `--force` builds anyway. No type check (that is `npm run typecheck`).
import { bundle } from './bundle.mjs';

await bundle({ force: process.argv.includes('--force') });
