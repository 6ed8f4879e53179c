import type { Logger } from '../log/logger.js';
import type { PostSink } from '../publish/publisher.js';

/** Without a terminal (a deployment), dry-run publishers report what they would have posted in the log. */
export class LogSink implements PostSink {
  constructor(private readonly log: Logger) {}

  show(label: string, lines: readonly string[]): void {
    this.log.info({ destination: label, text: lines.join('\n') }, 'dry run: would post');
  }
}
