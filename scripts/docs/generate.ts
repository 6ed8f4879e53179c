/**
 * `npm run docs`: regenerates docs/configuration.md (from the config schema) and docs/commands.md (from the
 * command declarations). Deterministic: the same code gives byte-identical files, so a test can compare them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DOCS } from './generated-docs.js';

const root = join(import.meta.dirname, '..', '..');
for (const doc of GENERATED_DOCS) {
  const file = join(root, doc.path);
  const text = doc.render();
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  if (before === text) {
    console.log(`${doc.path}: up to date`);
  } else {
    writeFileSync(file, text);
    console.log(`${doc.path}: written`);
  }
}
