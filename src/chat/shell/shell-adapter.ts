import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
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
}

/**
 * The local terminal as a chat network: each line is a message in the release channel from the current
 * person; lines starting with `/` steer the simulation (`/as`, `/time`, `/ci`). Lines are handled one at a
 * time and everything they cause is printed before the next is read, so a piped script gives a stable
 * transcript. It is also the sink where dry-run publishers show what they would post.
 */
export class ShellAdapter implements ChatAdapter, PostSink {
  readonly network = 'shell' as const;
  private person: string;
  /** Posts shown while a line is being handled wait here, so they print after the reply they follow. */
  private held: string[][] | null = null;
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
      ]);
      lines.setPrompt(`${this.person}> `);
      lines.prompt();
    }
    let queue = Promise.resolve();
    lines.on('line', (raw) => {
      queue = queue.then(async () => {
        this.held = [];
        try {
          await this.handleLine(raw, onMessage, lines.close.bind(lines));
          await controls.settle();
        } finally {
          const held = this.held;
          this.held = null;
          for (const post of held) this.print(post);
        }
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
  }

  async reply(_to: InboundMessage, reply: Reply): Promise<void> {
    this.print(renderPlain(reply));
  }

  show(label: string, lines: readonly string[]): void {
    const [first = '', ...rest] = lines;
    const post = [`[${label}] ${first}`, ...rest.map((l) => `  ${l}`)];
    if (this.held) this.held.push(post);
    else this.print(post);
  }

  async stop(): Promise<void> {
    this.finishedResolve();
  }

  private async handleLine(raw: string, onMessage: (m: InboundMessage) => Promise<void>, close: () => void): Promise<void> {
    const text = raw.trim();
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
