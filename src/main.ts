/**
 * Entry point: read the command line and environment, load and check the configuration, build the app
 * (src/app.ts) and run it until its input ends or a signal arrives. Nothing else lives here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { checkConfig } from './check-config.js';
import { ConfigError, loadConfigFile, resolveFrom } from './config/load.js';
import { fullConfigReport } from './cli/config-report.js';
import { chosenExample, exampleDataDir, exampleEpilogue, refuseUsedData, resetIfAsked, shellInput } from './cli/local-start.js';
import { versionLine } from './cli/version.js';
import { holdDataDir } from './hold-data-dir.js';
import { createLogger, type LogLevel } from './log/logger.js';
import { defaultLogLevel } from './cli/default-level.js';
import { readConfiguredSecrets } from './config/configured-secrets.js';
import { redactingLogger } from './log/redacting-logger.js';
import { Redactor } from './log/redactor.js';
import { scrubText } from './log/scrub.js';
import { AdjustableClock } from './ground/clock.js';
import { StartupError } from './ground/startup-error.js';
import { SchemaTooNewError } from './store/database.js';
import { TemplateError } from './text/templates.js';
import { loadNetworkModules } from './network-modules.js';

const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));
const DEFAULT_CONFIG = join(PACKAGE_ROOT, 'config', 'default.yaml');
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
/** How long a signal waits for an orderly stop before the process exits anyway (real time: this is the CLI). */
const STOP_DEADLINE_MS = 10_000;

const USAGE = `Usage: npm start -- [--config FILE] [--data DIR] [--log-level debug|info|warn|error|silent] [--standby]
       npm start -- --check-config [--config FILE]
       npm start -- --reset [--yes]     (local mode: start over on an empty data directory)
       npm run example -- NAME          (= npm start -- --example NAME: examples/NAME-release.txt)
       npm start -- --version

Runs Stagehand. With no --config it uses $STAGEHAND_CONFIG, else config/default.yaml: the local shell,
SQLite in ./data and dry-run publishers that print what they would post. The log level defaults to
$STAGEHAND_LOG_LEVEL, else warn in local mode and info for a deployment (readable lines on a terminal,
JSON lines otherwise). --check-config lists every problem in the config (schema, unknown keys, secrets,
templates) and exits non-zero if there is one. One Stagehand runs on a data directory: another one
refuses to start (exit 2), or with --standby (or STAGEHAND_STANDBY=1) waits and takes over when it stops.
A script piped into the shell on a data directory that already has releases is refused unless --continue
is given. See docs/local-mode.md.`;

/**
 * What a failure message may say on stderr: nothing shaped like a secret, and once the configured secrets
 * are read, none of their values (a path, a server's answer or an error's stack may quote one).
 */
interface FailureText {
  redact: (text: string) => string;
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const said: FailureText = { redact: scrubText };
  // A failure no one awaited ends the process as Node would end it (exit 1), but its text is redacted too.
  const uncaught = (error: unknown): void => {
    process.stderr.write(`stagehand: unexpected failure: ${said.redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', uncaught);
  try {
    return await run(argv, env, said);
  } catch (error) {
    process.stderr.write(`stagehand: unexpected failure: ${said.redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return 1;
  }
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, said: FailureText): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        'log-level': { type: 'string' },
        'check-config': { type: 'boolean' },
        standby: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        example: { type: 'string' },
        reset: { type: 'boolean' },
        yes: { type: 'boolean' },
        continue: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`${versionLine(PACKAGE_ROOT)}\n`);
    return 0;
  }
  const configFile = flags.config ?? env['STAGEHAND_CONFIG'] ?? DEFAULT_CONFIG;
  if (flags['check-config']) {
    const check = checkConfig(configFile, env);
    (check.ok ? process.stdout : process.stderr).write(`${check.report}\n`);
    return check.ok ? 0 : 1;
  }
  const level = (flags['log-level'] ?? env['STAGEHAND_LOG_LEVEL']) as LogLevel | undefined;
  if (level !== undefined && !LEVELS.includes(level)) {
    process.stderr.write(`--log-level must be one of ${LEVELS.join(', ')}\n`);
    return 2;
  }
  let rawLog = createLogger(level ?? 'warn');
  let log = rawLog;
  let app;
  let epilogue = '';
  try {
    const loaded = loadConfigFile(configFile);
    if (level === undefined) rawLog = createLogger(defaultLogLevel(loaded.config));
    // The secrets are read (a bad one refused) before anything opens; from here no log line carries them.
    const redactor = new Redactor(readConfiguredSecrets(loaded, env));
    log = redactingLogger(rawLog, redactor);
    said.redact = (text) => scrubText(redactor.text(text));
    const example = chosenExample(flags, join(PACKAGE_ROOT, 'examples'), loaded.config);
    const dataDir = example ? exampleDataDir(example) : flags.data ? resolve(flags.data) : resolveFrom(loaded, loaded.config.dataDir);
    const clock = AdjustableClock.system((error) => log.error({ err: error }, 'scheduled task failed'));
    // Before anything opens the store: one writer per data directory (a stopped standby exits 0).
    if ((await holdDataDir(dataDir, { standby: flags.standby ?? false, env, clock })) === null) return 0;
    const say = (line: string): void => void process.stderr.write(`stagehand: ${line}\n`);
    if (!(await resetIfAsked(flags, loaded.config, dataDir, { input: process.stdin, output: process.stdout, say }))) return 0;
    const shell = shellInput(example, process.stdin);
    const modules = await loadNetworkModules(loaded.config);
    app = createApp({
      redactor,
      modules,
      loaded,
      dataDir,
      // The app wraps it with the same redactor.
      log: rawLog,
      clock,
      io: { ...shell, output: process.stdout },
    });
    refuseUsedData(flags, app, dataDir, !shell.interactive, example);
    if (example) epilogue = exampleEpilogue(dataDir);
  } catch (error) {
    // Refused after the app was built (a used data directory): its store is closed before leaving.
    await app?.stop();
    // Every problem at once, as --check-config lists them, not only those of the first step that failed.
    if (error instanceof ConfigError) {
      process.stderr.write(`stagehand: ${said.redact(fullConfigReport(configFile, env, error))}\n`);
      return 2;
    }
    if (error instanceof StartupError || error instanceof SchemaTooNewError || error instanceof TemplateError) {
      process.stderr.write(`stagehand: ${said.redact((error as Error).message)}\n`);
      return 2;
    }
    throw error;
  }
  const started = app;
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'stopping');
    // A stop that hangs (a post stuck on a dead connection) must not keep the process from ending.
    setTimeout(() => {
      log.error({ signal, afterMs: STOP_DEADLINE_MS }, 'did not stop in time; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void started.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await app.start();
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`stagehand: ${said.redact(error.message)}\n`);
    await app.stop();
    return 2;
  }
  await app.finished;
  await app.stop();
  process.stdout.write(epilogue);
  return 0;
}

/** The folder holding package.json, whether this runs from src/ (tests) or dist/src/ (npm start). */
function packageRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stagehand: unexpected failure: ${scrubText(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exit(1);
  },
);
