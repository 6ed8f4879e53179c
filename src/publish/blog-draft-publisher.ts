import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OutboxEffect } from '../ground/effects.js';
import type { DeliveryOutcome, PostSink, Publisher } from './publisher.js';

/**
 * Writes the stage-4 blog-post draft as markdown into `<data>/blog/`, for a person to edit and publish.
 * The write is atomic (temp file + rename) and idempotent: the same draft already there counts as done.
 */
export class BlogDraftPublisher implements Publisher {
  readonly destination = 'blog' as const;

  constructor(
    private readonly dir: string,
    private readonly sink: PostSink | null,
  ) {}

  targets(): readonly string[] {
    return [''];
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    if (effect.payload.action !== 'write-draft') return { kind: 'failed', reason: `blog cannot ${effect.payload.action}` };
    const path = join(this.dir, basename(effect.payload.fileName));
    if (readOrNull(path) === effect.payload.markdown) return { kind: 'delivered', already: true };
    mkdirSync(this.dir, { recursive: true });
    const temp = `${path}.tmp`;
    writeFileSync(temp, effect.payload.markdown, { flush: true });
    renameSync(temp, path);
    this.sink?.show('blog', [`draft written to ${path}`, ...effect.payload.markdown.split('\n').slice(0, 3), '…']);
    return { kind: 'delivered' };
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
