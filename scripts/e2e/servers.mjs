#!/usr/bin/env node
/**
 * The real chat servers the e2e suite runs against, on loopback only:
 *   - Synapse (pinned, from PyPI, in a virtualenv under .e2e/), SQLite;
 *   - InspIRCd 3 + Atheme (Debian packages) linked, with SASL and account-tag.
 *
 *   node scripts/e2e/servers.mjs install              idempotent: apt packages + the Synapse virtualenv
 *   node scripts/e2e/servers.mjs start [synapse|irc]  start (all by default); prints the state file path
 *   node scripts/e2e/servers.mjs stop  [synapse|irc]  stop (all by default)
 *   node scripts/e2e/servers.mjs status               print the state (ports, secrets, pids)
 *
 * Each run lives in a run directory (E2E_RUN_DIR, default .e2e/run): configs, data, logs, servers.json and
 * pids/. Ports are picked free on first start and kept in servers.json, so a restarted server comes back on
 * the same port and two runs with different run directories never clash.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signingKeyLine, synapseConfig, synapseLogConfig, SERVER_NAME } from './synapse-config.mjs';
import { athemeConfig, inspircdConfig, IRC_SERVER_NAME } from './irc-config.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = join(REPO, '.e2e');
const VENV = join(CACHE, 'synapse-venv');
const REQUIREMENTS = join(REPO, 'scripts/e2e/synapse-requirements.txt');
const SYNAPSE_VERSION = /^matrix-synapse==(\S+)$/m.exec(readFileSync(REQUIREMENTS, 'utf8'))?.[1];
const RUN_DIR = resolve(process.env.E2E_RUN_DIR ?? join(CACHE, 'run'));
const STATE_FILE = join(RUN_DIR, 'servers.json');
const isRoot = process.getuid?.() === 0;

const log = (msg) => process.stderr.write(`[e2e-servers] ${msg}\n`);
const fail = (msg) => {
  throw new Error(msg);
};

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal ?? r.error?.message})`);
}
const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/* ------------------------------------------------------------------ install */

function asRoot(cmd, args) {
  if (isRoot) return sh(cmd, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!works('sudo', ['-n', 'true'])) fail(`need root (or passwordless sudo) to run: ${cmd} ${args.join(' ')}`);
  sh('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', cmd, ...args]);
}

/** The Debian packages' binaries by full path: /usr/sbin is not on every user's PATH. */
const INSPIRCD = '/usr/sbin/inspircd';
const ATHEME = '/usr/bin/atheme-services';

function installIrc() {
  if (existsSync(INSPIRCD) && existsSync(ATHEME)) {
    log('inspircd and atheme-services already installed');
    return;
  }
  log('installing inspircd and atheme-services from Debian packages');
  asRoot('apt-get', ['update', '-qq']);
  asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'inspircd', 'atheme-services']);
}

function venvSynapseVersion() {
  const py = join(VENV, 'bin/python');
  if (!existsSync(py)) return undefined;
  const r = spawnSync(py, ['-c', 'from importlib.metadata import version; print(version("matrix-synapse"))'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function installSynapse() {
  if (venvSynapseVersion() === SYNAPSE_VERSION) {
    log(`synapse ${SYNAPSE_VERSION} already installed in ${VENV}`);
    return;
  }
  log(`installing synapse ${SYNAPSE_VERSION} into ${VENV}`);
  mkdirSync(CACHE, { recursive: true });
  if (!works('python3', ['-m', 'venv', '--clear', VENV])) {
    // Debian's python3 ships venv without ensurepip until python3-venv is installed (or has no python3).
    asRoot('apt-get', ['update', '-qq']);
    asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'python3', 'python3-venv']);
    sh('python3', ['-m', 'venv', '--clear', VENV]);
  }
  sh(join(VENV, 'bin/pip'), ['install', '-q', '--disable-pip-version-check', '-r', REQUIREMENTS]);
  if (venvSynapseVersion() !== SYNAPSE_VERSION) fail(`synapse ${SYNAPSE_VERSION} did not install into ${VENV}`);
}

/* -------------------------------------------------------------------- state */

const readState = () => (existsSync(STATE_FILE) ? JSON.parse(readFileSync(STATE_FILE, 'utf8')) : undefined);
const writeState = (state) => writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);

/**
 * Each process's pid lives in a file of its own (pids/synapse, pids/inspircd, pids/atheme), never in
 * servers.json: tests start Synapse and IRC in two scripts at once, and each rewriting the whole state from
 * its own copy lost the other's new pid. The lost servers then survived every later stop.
 */
const pidFile = (name) => join(RUN_DIR, 'pids', name);
const readPid = (name) => (existsSync(pidFile(name)) ? Number(readFileSync(pidFile(name), 'utf8')) : undefined);
function writePid(name, pid) {
  mkdirSync(dirname(pidFile(name)), { recursive: true });
  writeFileSync(pidFile(name), `${pid}\n`);
}

/** The state with the current pids, as `status` prints it. */
function stateWithPids() {
  const state = readState();
  if (!state) return null;
  return { ...state, synapse: { ...state.synapse, pid: readPid('synapse') }, irc: { ...state.irc, pid: readPid('inspircd'), athemePid: readPid('atheme') } };
}

/**
 * A port free now, chosen below the kernel's ephemeral range: a port from that range (what binding port 0
 * gives) can be taken by any outgoing connection in the seconds before Synapse binds it.
 */
async function freePort() {
  const range = existsSync('/proc/sys/net/ipv4/ip_local_port_range') ? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8') : '';
  const ephemeralLow = Number(range.trim().split(/\s+/)[0]) || 32768;
  const low = 10000;
  const high = Math.max(low + 1000, ephemeralLow - 1);
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canBind(port)) return port;
  }
  fail(`no free port found between ${low} and ${high}`);
}

function canBind(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

async function ensureState() {
  const existing = readState();
  if (existing) return existing;
  mkdirSync(RUN_DIR, { recursive: true });
  const secret = () => randomBytes(24).toString('hex');
  const state = {
    runDir: RUN_DIR,
    synapse: { serverName: SERVER_NAME, port: await freePort(), sharedSecret: secret(), macaroonSecret: secret() },
    irc: {
      serverName: IRC_SERVER_NAME,
      host: '127.0.0.1',
      port: await freePort(),
      // A second client port whose class has InspIRCd's default flood limits (the benchmark's burst).
      strictPort: await freePort(),
      linkPort: await freePort(),
      linkPassword: secret(),
    },
  };
  state.synapse.url = `http://127.0.0.1:${state.synapse.port}`;
  writeState(state);
  return state;
}

/* ---------------------------------------------------------------- processes */

const alive = (pid) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function launch(name, cmd, args, { cwd, logFile }) {
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  log(`${name} started (pid ${child.pid})`);
  return child.pid;
}

async function waitFor(what, check, { pid, timeoutMs, logFile }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pid && !alive(pid)) fail(`${what}: process exited during start-up; log ${logFile}:\n${tail(logFile)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what}: not ready after ${timeoutMs} ms; log ${logFile}:\n${tail(logFile)}`);
}

const tail = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-30).join('\n') : '(no log)');

async function stopPid(name, pid) {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  log(`${name} stopped (pid ${pid})`);
}

/* ------------------------------------------------------------------ synapse */

async function startSynapse(state) {
  const s = state.synapse;
  const running = readPid('synapse');
  if (alive(running)) return log(`synapse already running (pid ${running})`);
  if (venvSynapseVersion() !== SYNAPSE_VERSION) fail(`synapse ${SYNAPSE_VERSION} is not installed: run \`node scripts/e2e/servers.mjs install\``);
  const dir = join(RUN_DIR, 'synapse');
  mkdirSync(join(dir, 'media'), { recursive: true });
  if (!existsSync(join(dir, 'signing.key'))) writeFileSync(join(dir, 'signing.key'), signingKeyLine(), { mode: 0o600 });
  // JSON is YAML, so no YAML writer is needed.
  writeFileSync(join(dir, 'log.config.yaml'), JSON.stringify(synapseLogConfig(dir), null, 2));
  writeFileSync(join(dir, 'homeserver.yaml'), JSON.stringify(synapseConfig({ dir, ...s }), null, 2));
  const logFile = join(dir, 'stdout.log');
  const pid = launch('synapse', join(VENV, 'bin/python'), ['-m', 'synapse.app.homeserver', '-c', join(dir, 'homeserver.yaml')], { cwd: dir, logFile });
  writePid('synapse', pid);
  await waitFor('synapse', async () => (await fetch(`${s.url}/_matrix/client/versions`)).ok, { pid, timeoutMs: 120_000, logFile: join(dir, 'homeserver.log') });
  log(`synapse ready at ${s.url}`);
}

/* ---------------------------------------------------------------------- irc */

/**
 * Resolves true once services answer a SASL login: a throwaway client asks for the `sasl` capability (InspIRCd
 * only offers it while Atheme is linked) and tries PLAIN with an account that does not exist; an answer, here
 * the expected 904, proves SaslServ is serving. Offering the capability only says that Atheme has linked.
 */
function answersSasl(port) {
  return new Promise((res) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    const done = (v) => {
      sock.destroy();
      res(v);
    };
    const send = (...lines) => sock.write(lines.map((l) => `${l}\r\n`).join(''));
    sock.setTimeout(3000, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => send('CAP LS 302', `NICK probe${process.pid}x${Date.now() % 100000}`, 'USER probe 0 * :probe', 'CAP REQ :sasl'));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/ CAP \S+ NAK /.test(line)) done(false);
        else if (/ CAP \S+ ACK /.test(line)) send('AUTHENTICATE PLAIN');
        else if (/^AUTHENTICATE :?\+$/.test(line)) send(`AUTHENTICATE ${Buffer.from('\0nobody\0wrong').toString('base64')}`);
        else if (/^\S+ 90[3-8] /.test(line)) done(true);
      }
    });
  });
}

async function startIrc(state) {
  const s = state.irc;
  const dir = join(RUN_DIR, 'irc');
  mkdirSync(join(dir, 'atheme'), { recursive: true });
  let athemePid = readPid('atheme');
  if (!alive(readPid('inspircd'))) {
    writeFileSync(join(dir, 'motd.txt'), 'Stagehand e2e\n');
    writeFileSync(join(dir, 'inspircd.conf'), inspircdConfig({ dir, ...s }));
    const logFile = join(dir, 'inspircd.stdout.log');
    const pid = launch('inspircd', INSPIRCD, ['--nofork', '--config', join(dir, 'inspircd.conf'), ...(isRoot ? ['--runasroot'] : [])], { cwd: dir, logFile });
    writePid('inspircd', pid);
    await waitFor('inspircd', () => new Promise((r) => connect(s.port, '127.0.0.1').on('connect', function () { this.destroy(); r(true); }).on('error', () => r(false))), { pid, timeoutMs: 30_000, logFile });
  }
  if (!alive(athemePid)) {
    const adir = join(dir, 'atheme');
    writeFileSync(join(adir, 'atheme.conf'), athemeConfig({ dir: adir, ...s }));
    const logFile = join(adir, 'atheme.stdout.log');
    athemePid = launch('atheme', ATHEME, ['-n', '-c', join(adir, 'atheme.conf'), '-D', adir, '-l', join(adir, 'atheme.log'), '-p', join(adir, 'atheme.pid')], { cwd: adir, logFile });
    writePid('atheme', athemePid);
  }
  await waitFor('atheme answering SASL logins', () => answersSasl(s.port), { pid: athemePid, timeoutMs: 30_000, logFile: join(dir, 'atheme/atheme.stdout.log') });
  log(`irc ready at 127.0.0.1:${s.port}`);
}

async function stopIrc() {
  await stopPid('atheme', readPid('atheme'));
  await stopPid('inspircd', readPid('inspircd'));
}

/* --------------------------------------------------------------------- main */

const which = (arg) => {
  if (arg && !['synapse', 'irc', 'all'].includes(arg)) fail(`unknown server "${arg}" (synapse, irc or all)`);
  return { synapse: !arg || arg === 'synapse' || arg === 'all', irc: !arg || arg === 'irc' || arg === 'all' };
};

async function main([command, arg]) {
  switch (command) {
    case 'install':
      installIrc();
      installSynapse();
      return;
    case 'start': {
      const w = which(arg);
      const state = await ensureState();
      // Both start in parallel: Synapse takes seconds to import, the IRC pair is quick.
      await Promise.all([w.synapse && startSynapse(state), w.irc && startIrc(state)]);
      process.stdout.write(`${STATE_FILE}\n`);
      return;
    }
    case 'stop': {
      const w = which(arg);
      const state = readState();
      if (!state) return log(`nothing to stop in ${RUN_DIR}`);
      await Promise.all([w.synapse && stopPid('synapse', readPid('synapse')), w.irc && stopIrc()]);
      return;
    }
    case 'status':
      process.stdout.write(`${JSON.stringify(stateWithPids(), null, 2)}\n`);
      return;
    default:
      fail('usage: node scripts/e2e/servers.mjs install | start [synapse|irc] | stop [synapse|irc] | status');
  }
}

main(process.argv.slice(2)).catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
