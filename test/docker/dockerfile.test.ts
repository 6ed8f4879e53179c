/**
 * No Docker engine runs here, so this replays what the Dockerfile does in clean directories: the build
 * stage's COPYs and RUNs (npm ci from the registry, typecheck, build, prune), the runtime stage's COPYs
 * from the build stage and its ENV, then the ENTRYPOINT and the HEALTHCHECK command as the container
 * would run them. The runtime stage's user creation needs root and is checked by reading it instead.
 * Slow (npm ci, better-sqlite3 built from source): `npm run test:docker`, not part of `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run.js';
import { parseCopy, parseDockerfile, parseEnv, parseHealthcheck, type Stage } from './dockerfile.js';

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const [build, runtime] = stages as [Stage, Stage];
const root = mkdtempSync(join(tmpdir(), 'stagehand-docker-'));
const dirs: Record<string, string> = { [build.name]: join(root, build.name), [runtime.name]: join(root, runtime.name) };
const dataDir = join(root, 'data');

/** The image's env: ours minus anything that would pick a config, plus what the Dockerfile sets. */
function imageEnv(stage: Stage): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['STAGEHAND_CONFIG'];
  delete env['STAGEHAND_LOG_LEVEL'];
  for (const i of stage.instructions.filter((i) => i.op === 'ENV')) {
    const [key, value] = parseEnv(i.args);
    env[key] = value;
  }
  return env;
}

/** Only the npm registry is reachable: better-sqlite3 is built from source (no prebuilt download from
 * GitHub) against this Node's own headers (no download from nodejs.org). */
function offlineBuildEnv(): NodeJS.ProcessEnv {
  const prefix = dirname(dirname(process.execPath));
  return {
    npm_config_build_from_source: 'true',
    ...(existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {}),
  };
}

function replay(stage: Stage, options: { runs: boolean }): void {
  const dir = dirs[stage.name]!;
  mkdirSync(dir, { recursive: true });
  for (const { op, args } of stage.instructions) {
    if (op === 'COPY') {
      const copy = parseCopy(args);
      for (const source of copy.sources) {
        // Inside an image, /app/x of another stage; here, that stage's directory.
        const from = copy.from ? join(dirs[copy.from]!, source.replace(/^\/app\/?/, '')) : join(REPO_ROOT, source);
        const to = copy.dest.endsWith('/') ? join(dir, copy.dest, source.split('/').at(-1)!) : join(dir, copy.dest);
        cpSync(from, to, { recursive: true, filter: (p) => !/\/(node_modules|dist|data)$/.test(p) || Boolean(copy.from) });
      }
    } else if (op === 'RUN' && options.runs) {
      const result = spawnSync('sh', ['-c', args], { cwd: dir, env: { ...imageEnv(stage), ...offlineBuildEnv() }, encoding: 'utf8', timeout: 15 * 60_000 });
      if (result.status !== 0) throw new Error(`RUN ${args} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  }
}

/** The ENTRYPOINT with /data pointing at a temporary folder and `node` being this Node. */
function entrypoint(): string[] {
  const at = runtime.instructions.find((i) => i.op === 'ENTRYPOINT');
  const words = JSON.parse(at!.args) as string[];
  return words.map((w) => (w === '/data' ? dataDir : w === 'node' ? process.execPath : w));
}

function runEntrypoint(args: string[], env: NodeJS.ProcessEnv, input = ''): { status: number | null; stdout: string; stderr: string } {
  const [command, ...rest] = entrypoint();
  const result = spawnSync(command!, [...rest, ...args], { cwd: dirs[runtime.name], env, input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  replay(build, { runs: true });
  replay(runtime, { runs: false });
}, 30 * 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the Dockerfile, replayed', () => {
  it('builds in two stages and ships only production dependencies and dist/', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const app = dirs[runtime.name]!;
    expect(existsSync(join(app, 'dist', 'src', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(true);
    // Pruned: no compiler, test runner or build-only tooling in the image. (@types/node stays: matrix-bot-sdk
    // lists @types/express among its runtime dependencies.)
    for (const dev of ['typescript', 'vitest', 'tsx', '@types/better-sqlite3', '@octokit/openapi', 'ajv']) {
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    }
  });

  it('runs as an unprivileged user with its state in a volume, started the way npm start starts it', () => {
    const ops = runtime.instructions.map((i) => `${i.op} ${i.args}`);
    expect(ops).toContain('USER stagehand');
    expect(ops.find((o) => o.startsWith('RUN '))).toMatch(/useradd --system --gid stagehand/);
    expect(ops).toContain('VOLUME ["/data"]');
    const start = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const at = runtime.instructions.find((i) => i.op === 'ENTRYPOINT')!;
    expect((JSON.parse(at.args) as string[]).join(' ')).toBe(`${start} --data /data`);
  });

  it('checks a mounted config from the image (STAGEHAND_CONFIG), secrets from env, and says which one is missing', () => {
    const env = imageEnv(runtime);
    const config = join(root, 'config.yaml');
    writeFileSync(
      config,
      `project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
chat: { shell: {} }
templates: { dir: ${join(dirs[runtime.name]!, 'config/templates')}, checklist: ${join(dirs[runtime.name]!, 'config/release-checklist.md')} }
github: { token: { env: GITHUB_TOKEN } }
`,
    );
    expect(env['STAGEHAND_CONFIG']).toBe('/config/stagehand.yaml');
    const missing = runEntrypoint(['--check-config'], { ...env, STAGEHAND_CONFIG: config });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('github.token: the environment variable GITHUB_TOKEN is not set');
    const ok = runEntrypoint(['--check-config'], { ...env, STAGEHAND_CONFIG: config, GITHUB_TOKEN: 'ghp_from_env_0123456789abcdef' });
    expect(ok).toMatchObject({ status: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^config OK: .*github live/);
    expect(ok.stdout).not.toContain('ghp_from_env');
  });

  it('starts the bot from the pruned image with its SQLite store in the volume', () => {
    const env = { ...imageEnv(runtime), STAGEHAND_CONFIG: join(dirs[runtime.name]!, 'config', 'default.yaml') };
    const run = runEntrypoint([], env, '!release new v0.5.0\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Started v0.5.0, a feature release');
    expect(existsSync(join(dataDir, 'stagehand.db'))).toBe(true);
  });

  it('has a HEALTHCHECK that Node alone can run: exit 0 on a 200 from /healthz, 1 on a 503 or no answer', async () => {
    const check = parseHealthcheck(runtime.instructions.find((i) => i.op === 'HEALTHCHECK')!.args);
    expect(check.options).toMatchObject({ interval: '30s', timeout: '5s' });
    let status = 200;
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(status).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const [command, ...args] = check.command.map((w) => (w === 'node' ? process.execPath : w));
    // Spawned, not spawnSync: the server answering it runs in this process.
    const probe = (): Promise<number | null> =>
      new Promise((resolve) => {
        spawn(command!, args, { env: { ...imageEnv(runtime), STAGEHAND_HEALTH_PORT: String(port) }, stdio: 'ignore' }).on('exit', resolve);
      });
    try {
      expect(await probe()).toBe(0);
      status = 503;
      expect(await probe()).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await probe()).toBe(1);
    expect(asked).toEqual(['/healthz', '/healthz']);
  });
});
