/**
 * The bot as a separate process, as it is deployed: `node dist/src/main.js --config FILE --data DIR` (the
 * global setup built dist/), secrets through the environment, JSON logs on stderr. start() resolves on its
 * 'ready' log line; the log is kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { eventually } from './eventually.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export class BotProcess {
  readonly log: LogRecord[] = [];
  /** Everything on stderr that was not a JSON log line (crashes, config errors). */
  rawStderr = '';
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    let buffer = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.log.push(JSON.parse(line) as LogRecord);
        } catch {
          this.rawStderr += `${line}\n`;
        }
      }
    });
    child.stdout!.resume();
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Write `config` as YAML into `dir` and run the bot on it, with `dir/data` as its data directory. */
  /** `logLevel` debug by default (tests read the log); the benchmark runs at info, as a deployment does. */
  static async start(dir: string, config: Record<string, unknown>, env: Record<string, string>, logLevel = 'debug'): Promise<BotProcess> {
    const file = join(dir, 'stagehand.yaml');
    writeFileSync(file, stringify(config));
    const child = spawn(process.execPath, ['--enable-source-maps', join(REPO, 'dist/src/main.js'), '--config', file, '--data', join(dir, 'data'), '--log-level', logLevel], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child);
    const early = bot.exited.then((code) => {
      throw new Error(`bot exited with ${code} before it was ready:\n${bot.rawStderr}\n${bot.tail()}`);
    });
    const ready = eventually(() => (bot.log.some((r) => r.msg === 'ready') ? true : undefined), { what: 'the bot to log ready', timeoutMs: 60_000 });
    try {
      await Promise.race([ready, early]);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${bot.rawStderr}\n${bot.tail()}`);
    }
    early.catch(() => undefined);
    return bot;
  }

  /** The bot's process id (the load suite reads its resident memory from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last log lines, for failure messages. */
  tail(n = 40): string {
    return this.log
      .slice(-n)
      .map((r) => JSON.stringify(r))
      .join('\n');
  }

  /** Log records at warn (40) or above whose message matches. */
  warnings(pattern: RegExp): LogRecord[] {
    return this.log.filter((r) => r.level >= 40 && pattern.test(`${r.msg} ${JSON.stringify(r)}`));
  }

  /** Graceful stop (SIGTERM): the bot finishes in-flight posts and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
