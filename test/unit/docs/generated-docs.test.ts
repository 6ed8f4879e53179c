// docs/configuration.md and docs/commands.md are generated (`npm run docs`); the committed files must be what
// the generator makes from the current schema and declarations, or the docs have drifted from the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configRows } from '../../../scripts/docs/config-doc.js';
import { GENERATED_DOCS } from '../../../scripts/docs/generated-docs.js';

const root = join(import.meta.dirname, '..', '..', '..');

function committed(path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated docs', () => {
  for (const doc of GENERATED_DOCS) {
    it(`${doc.path} is what npm run docs generates`, () => {
      const text = committed(doc.path);
      if (text === undefined) expect.fail(`${doc.path} is missing: run npm run docs`);
      // Compared as a boolean first, so the failure is one clear sentence rather than a page of diff.
      expect(text === doc.render(), `${doc.path} is out of date: run npm run docs`).toBe(true);
    });
  }

  it('the generator is deterministic', () => {
    for (const doc of GENERATED_DOCS) expect(doc.render()).toBe(doc.render());
  });

  it('every configuration key has a description in the schema', () => {
    const missing = configRows()
      .flatMap((s) => s.rows)
      .filter((row) => !row.description?.trim())
      .map((row) => row.path);
    expect(missing, `config keys without a description: add .describe('…') to them in src/config/, then run npm run docs`).toEqual([]);
  });
});
