/**
 * Local mode's history: a file of past versions, so a rehearsal sees the version rules and branch bases
 * of a real project. One tag per line (`v0.4.21`, `0.4.21`, `v0.4.22-rc1`), or a YAML list of them
 * (`- v0.4.21`); blank lines and `#` comments are ignored. Any other line is refused, naming it.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseReleaseTag, type TagRecord } from '../release/tag-history.js';
import type { HistorySource } from './history-source.js';

/** A history file is a few hundred lines; anything far larger is the wrong file. */
const MAX_BYTES = 1_000_000;

export class FileHistory implements HistorySource {
  readonly origin = 'history-file' as const;
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `history file ${basename(path)}`;
  }

  async read(): Promise<readonly TagRecord[]> {
    const text = await readFile(this.path, 'utf8');
    if (text.length > MAX_BYTES) throw new Error(`${this.description} is larger than ${MAX_BYTES} bytes`);
    return parseHistoryFile(text, this.description);
  }
}

export function parseHistoryFile(text: string, description = 'the history file'): TagRecord[] {
  const records: TagRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const entry = raw.replace(/#.*$/, '').replace(/^\s*-\s+/, '').trim().replace(/^["']|["']$/g, '');
    if (entry === '') return;
    const name = entry.startsWith('v') ? entry : `v${entry}`;
    if (!parseReleaseTag(name)) throw new Error(`${description}, line ${i + 1}: ${JSON.stringify(entry.slice(0, 40))} is not a version such as v0.4.21 or v0.4.22-rc1`);
    records.push({ name });
  });
  return records;
}
