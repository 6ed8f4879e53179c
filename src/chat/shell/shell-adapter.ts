import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { MAX_LINE_LENGTH, tooLong } from '../../commands-kit/line-cap.js';
import { renderPlain } from '../../commands-kit/render-plain.js';
import type { Reply } from '../../commands-kit/reply.js';
import type { PostSink } from '../../publish/publisher.js';
import type { ChatAdapter, InboundMessage } from '../port.js';
import { runShellCommand, type ShellControls } from './shell-commands.js';

export interface ShellOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A terminal: show a prompt and a banner. A pipe: plain output only, for scripts and tests. */
  readonly interactive: boolean;
  readonly controls: ShellControls;
  readonly firstPerson: string;
  /** More banner lines, read when the shell starts (the status page's URL). */
  readonly bannerExtra?: () => readonly string[];
  /** Print each line read as `person> line` before its answer (an example's transcript), when not interactive. */
  readonly echo?: boolean;
}

/** An echoed line longer than this is cut: the transcript shows what was sent, not a megabyte of it. */
const ECHO_LENGTH = 200;

/**
 * The local terminal as a chat network: each line is a message in the release channel from the current
 * person; lines starting with `/` steer the simulation (`/as`, `/time`, `/ci`). Lines are handled one at a
 * time and everything they cause is printed before the next is read, so a piped script gives a stable
 * transcript. It is also the sink where dry-run publishers show what they would post.
 */
export class ShellAdapter implements ChatAdapter, PostSink {
  readonly network = 'shell' as const;
  private person: string;
  private closeInput: (() => void) | null = null;
  private finishedResolve!: () => void;
  /** Resolves when input has ended and all pending work is done. */
  readonly finished = new Promise<void>((resolve) => (this.finishedResolve = resolve));

  constructor(private readonly options: ShellOptions) {
    this.person = options.firstPerson;
  }

  async start(onMessage: (message: InboundMessage) => Promise<void>): Promise<void> {
    const { input, output, interactive, controls } = this.options;
    const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    if (interactive) {
      this.print([
        'Stagehand local shell. You are in the release channel; every post the bot would make is printed as [destination].',
        'Try !help. Shell commands: /as NAME, /time +7d, /ci pass|fail|pending, /who, /help, /quit.',
        ...(this.options.bannerExtra?.() ?? []),
      ]);
      lines.setPrompt(`${this.person}> `);
      lines.prompt();
    }
    let queue = Promise.resolve();
    lines.on('line', (raw) => {
      queue = queue.then(async () => {
        // Posts the line causes are delivered once its reply is printed, so they read in that order.
        const release = controls.holdDelivery();
        try {
          await this.handleLine(raw, onMessage, lines.close.bind(lines));
        } catch (error) {
          // A rejected queue would skip every later line and never finish: report this one and go on.
          this.print([`(that line failed: ${error instanceof Error ? error.message : String(error)})`]);
        } finally {
          release();
        }
        await controls.settle();
        if (interactive) {
          lines.setPrompt(`${this.person}> `);
          lines.prompt();
        }
      });
    });
    lines.on('close', () => {
      void queue.then(async () => {
        await controls.settle();
        this.finishedResolve();
      });
    });
    this.closeInput = () => lines.close();
  }

  async reply(_to: InboundMessage, reply: Reply): Promise<void> {
    this.print(renderPlain(reply));
  }

  show(label: string, lines: readonly string[]): void {
    const [first = '', ...rest] = lines;
    this.print([`[${label}] ${first}`, ...rest.map((l) => `  ${l}`)]);
  }

  /** Stop reading; the line being handled finishes and its posts are delivered first. */
  async stop(): Promise<void> {
    if (this.closeInput) this.closeInput();
    else this.finishedResolve();
    await this.finished;
  }

  private async handleLine(raw: string, onMessage: (m: InboundMessage) => Promise<void>, close: () => void): Promise<void> {
    // The same cap as every network, before anything reads the line. The terminal is the operator's own,
    // so every over-long line is answered (`/` lines included, which never reach the dispatcher).
    if (raw.length > MAX_LINE_LENGTH) {
      this.print(renderPlain(tooLong(raw.length)));
      return;
    }
    const text = raw.trim();
    if (this.options.echo && !this.options.interactive && text) {
      const shown = text.length > ECHO_LENGTH ? `${text.slice(0, ECHO_LENGTH)}…` : text;
      this.print([text.startsWith('#') ? shown : `${this.person}> ${shown}`]);
    }
    if (!text || text.startsWith('#')) return;
    if (text.startsWith('/')) {
      const result = await runShellCommand(text, this.person, this.options.controls);
      if (result.person) this.person = result.person;
      if (result.output.length > 0) this.print(result.output.map((l) => `(${l})`));
      if (result.quit) close();
      return;
    }
    await onMessage({
      network: 'shell',
      room: 'release',
      handle: this.person,
      displayName: this.person,
      text,
      sentAt: this.options.controls.now(),
    });
  }

  private print(lines: readonly string[]): void {
    this.options.output.write(lines.map((l) => `${l}\n`).join(''));
  }
}
