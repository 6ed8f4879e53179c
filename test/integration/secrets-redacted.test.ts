/**
 * Issue 13, finding 4: the exact value of a configured secret never leaves the process. A gateway in front
 * of GitHub answers 401 quoting the token; the token must then appear in no chat reply, no post, no log
 * line, no row or byte of the SQLite files, and no request sent to GitHub or X. And a request the HTTP
 * client refuses to build (a token holding a character a header cannot carry) fails once, with the
 * client's own words: not retried forever as "GitHub answered 500".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { GITHUB_TOKEN, type LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { drain } from '../helpers/live-release.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let fakes: LiveFakes;
let t: TestApp | undefined;

liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function capturedLog(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

/** Every request body either fake received. */
function recordBodies(): string[] {
  const bodies: string[] = [];
  const previous = fakes.github.http.outage;
  fakes.twitter.http.outage = (request) => (bodies.push(`${request.method} ${request.rawPath} ${request.rawBody}`), null);
  fakes.github.http.outage = (request) => (bodies.push(`${request.method} ${request.rawPath} ${request.rawBody}`), previous?.(request) ?? null);
  return bodies;
}

/** Places where a text occurs in the database: every table's rows, and the raw bytes of its files. */
function occurrencesInStore(app: TestApp, text: string): string[] {
  const found = Object.entries(app.snapshot()).flatMap(([table, rows]) => rows.filter((row) => row.includes(text) || row.includes(JSON.stringify(text).slice(1, -1))).map((row) => `${table}: ${row}`));
  for (const suffix of ['', '-wal', '-journal']) {
    const file = join(app.dataDir, `stagehand.db${suffix}`);
    if (existsSync(file) && readFileSync(file).includes(text)) found.push(`bytes of stagehand.db${suffix}`);
  }
  return found;
}

describe('a gateway answering 401 with the token in its body', () => {
  it('the token appears in no reply, post, log line, stored text or request', async () => {
    const { log, lines } = capturedLog();
    let gatewayDown = true;
    fakes.github.http.outage = () =>
      gatewayDown ? { status: 401, body: { message: `Bad credentials: token ${GITHUB_TOKEN} is not valid for this gateway`, documentation_url: `https://gw.example/help?token=${encodeURIComponent(GITHUB_TOKEN)}` } } : null;
    const bodies = recordBodies();
    t = createTestApp({ configFile: fakes.configFile, log, backoff: { firstMs: 1_000, maxMs: 1_000 } });
    const replies: string[] = [];
    const say = async (text: string): Promise<string> => {
      const said = await t!.say(text);
      replies.push(said.text);
      return said.text;
    };

    await say('!release new v0.5.0');
    // The GitHub posts failed (a 401 is not retried); the leads were told, and status lists them.
    const status = await say('!release status');
    expect(status).toMatch(/github create-branch for v0\.5\.0: failed — .*GitHub answered 401 Bad credentials: token \[redacted\] is not valid/);
    // The CI gate cannot ask GitHub: the reply says why, and a lead passes it on the record.
    expect(await say('!release advance')).toContain('GitHub could not be asked (GitHub answered 401 Bad credentials: token [redacted]');
    // The lead pastes the token into the reason by mistake: it is not kept, posted or repeated either.
    expect(await say(`!release advance --force CI is down, checked by hand with ${GITHUB_TOKEN}`)).toMatch(/v0\.5\.0/);
    await say('!release history v0.5.0');
    // The gateway is fixed: the failed posts are sent again, the checklist comment carrying the override with them.
    gatewayDown = false;
    const failed = await say('!release status');
    for (const id of failed.matchAll(/#(\d+) github [a-z-]+ for v0\.5\.0: failed/g)) await say(`!release retry #${id[1]}`);
    await drain(t);
    await say('!release status');
    const output = t.takeOutput();

    expect(fakes.github.issues[0]?.comments.map((c) => c.body).join('\n')).toContain('token \\[redacted\\]');
    for (const [where, text] of [
      ['replies', replies.join('\n')],
      ['chat posts', output],
      ['log', lines.join('')],
      ['requests to GitHub and X', bodies.join('\n')],
    ] as const) {
      expect(text.includes(GITHUB_TOKEN), `${where}: ${text}`).toBe(false);
      expect(text.includes(encodeURIComponent(GITHUB_TOKEN)), where).toBe(false);
      // Nor escaped (JSON, markdown: `ghp\\_fake\\_token`).
      expect(text.replace(/\\/g, '').includes(GITHUB_TOKEN), where).toBe(false);
    }
    expect(lines.join('')).toContain('[redacted]');
    expect(occurrencesInStore(t, GITHUB_TOKEN)).toEqual([]);
    expect(occurrencesInStore(t, '[redacted]').length).toBeGreaterThan(0);
  });
});

describe('a request the HTTP client refuses to build', () => {
  it('fails once with the client\'s reason: never sent, not retried, not "GitHub answered 500"', async () => {
    // A token pasted with typographic quotes: a character an HTTP header cannot carry (and no control
    // character, so the config check lets it through).
    writeFileSync(join(dirname(fakes.configFile), 'github-token'), `\u201c${GITHUB_TOKEN}\u201d\n`);
    t = createTestApp({ configFile: fakes.configFile, backoff: { firstMs: 1_000, maxMs: 1_000 } });
    const said = await t.say('!release new v0.5.0');
    expect(said.tone).toBe('ok');
    for (let i = 0; i < 10; i++) {
      await t.clock.advanceBy(60_000);
      await t.app.worker.idle();
    }
    const github = t.app.store.outbox.problems().filter((p) => p.destination === 'github');
    expect(github.length).toBeGreaterThan(0);
    for (const entry of github) {
      expect(entry.status).toBe('failed');
      expect(entry.attempts).toBe(1);
      expect(entry.lastError).toContain('the request could not be sent: Cannot convert argument to a ByteString');
      expect(entry.lastError).not.toContain('answered 500');
    }
    expect(fakes.github.http.requests).toEqual([]);
    expect(t.takeOutput()).toContain('Could not deliver github create-branch for v0.5.0: create-branch on ipfs/go-ipfs: the request could not be sent');
  });
});
