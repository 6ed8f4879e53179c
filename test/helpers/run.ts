/**
 * Run Stagehand (or a helper script) as a real subprocess with piped stdin, and collect what it printed.
 * Only waiting for the child to exit takes real time; a child that hangs is killed and reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Lines written to stdin, which is then closed. */
  readonly input?: readonly string[];
  /** Kill the child and fail after this long. */
  readonly timeoutMs?: number;
  /** Variables added to the child's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The environment children get: ours (CI included), minus what would change which config or log level they use. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['STAGEHAND_CONFIG'];
  delete env['STAGEHAND_LOG_LEVEL'];
  return env;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: REPO_ROOT, env: { ...childEnv(), ...options.env }, shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // The child may exit before reading everything (a crash test); a broken pipe is not the test's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ? options.input.map((l) => `${l}\n`).join('') : '');
  });
}

/** `npm start --silent -- <args>`, as a person would run it. */
export const npmStart = (args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
  run('npm', ['start', '--silent', '--', ...args], options);

/** The `[destination] …` first lines of every post in a transcript. */
export const postLines = (stdout: string): string[] => stdout.split('\n').filter((l) => /^\[[a-z]+( [^\]]+)?\] /.test(l));
