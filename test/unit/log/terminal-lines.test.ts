/**
 * Logs on a terminal are readable lines; off a terminal they stay JSON lines (collectors, the tests and the
 * bench read `"msg":"ready"`). Either way every secret protection applies: the configured secrets' values
 * (redactingLogger), secret-named keys and token-shaped text (createLogger's scrubs).
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../src/config/load.js';
import { defaultLogLevel } from '../../../src/cli/default-level.js';
import { createLogger } from '../../../src/log/logger.js';
import { redactingLogger } from '../../../src/log/redacting-logger.js';
import { Redactor } from '../../../src/log/redactor.js';

const CONFIGURED = 'plain-configured-secret-4711';
const GITHUB_TOKEN = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';

function stream(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    isTTY ? { isTTY: true } : {},
  );
  return { out, text: () => text };
}

const config = (name: string) => loadConfigFile(fileURLToPath(new URL(`../../../config/${name}`, import.meta.url))).config;

describe('log lines on a terminal', () => {
  it('are one readable line each: time, level, part, message, fields', () => {
    const { out, text } = stream(true);
    const log = createLogger('info', out);
    log.child({ part: 'matrix' }).info({ userId: '@stagehand:example.org' }, 'matrix connected');
    log.warn({ waitMs: 2000, reason: 'connection reset' }, 'delivery will be retried');
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO  \[matrix\] matrix connected userId=@stagehand:example\.org$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d WARN  delivery will be retried waitMs=2000 reason="connection reset"$/);
    expect(text()).not.toContain('{"level"');
  });

  it('show an error by its message and escape control characters from chat input', () => {
    const { out, text } = stream(true);
    createLogger('info', out).error({ err: new Error('socket hang up'), text: 'evil\u001b[2Jline' }, 'post failed');
    expect(text()).toContain('err="socket hang up"');
    expect(text()).not.toContain('\u001b');
    expect(text()).toContain('\\u001b[2J');
  });

  it('never carry a configured secret or a token-shaped value, whichever way it is passed', () => {
    const { out, text } = stream(true);
    const log = redactingLogger(createLogger('debug', out), new Redactor([CONFIGURED]));
    log.info({ detail: `login with ${CONFIGURED}` }, `token ${CONFIGURED} rejected`);
    log.warn({ headers: { authorization: `token ${GITHUB_TOKEN}` } }, 'github request');
    log.error(new Error(`GET https://api.github.com/?access_token=${GITHUB_TOKEN} failed; ${CONFIGURED}`));
    log.child({ part: 'irc', password: CONFIGURED }).info('registered on IRC');
    expect(text().trimEnd().split('\n')).toHaveLength(4);
    expect(text()).not.toContain(CONFIGURED);
    expect(text()).not.toContain(GITHUB_TOKEN);
    expect(text()).not.toContain('abcdefghijABCDEF');
    expect(text()).toContain('[redacted]');
  });
});

describe('log lines off a terminal', () => {
  it('stay JSON lines, one object per line', () => {
    const { out, text } = stream(false);
    createLogger('info', out).info({ networks: ['matrix'] }, 'ready');
    const entry = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'ready', level: 30, networks: ['matrix'] });
    expect(text()).toContain('"msg":"ready"');
  });
});

describe('the default log level', () => {
  it('shows a deployment start (ready, each network connected, the status page) and keeps the local shell quiet', () => {
    expect(defaultLogLevel(config('example.yaml'))).toBe('info');
    expect(defaultLogLevel(config('default.yaml'))).toBe('warn');
  });
});
