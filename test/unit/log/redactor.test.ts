/**
 * The Redactor and the places it is wired to: exact values (not shapes) and the encodings they travel in;
 * log lines through the redacting logger; every string a statement binds in the store; a reply document.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mapReplyText } from '../../../src/commands-kit/reply-text.js';
import { line, list, reply, table } from '../../../src/commands-kit/reply.js';
import { createLogger } from '../../../src/log/logger.js';
import { redactingLogger } from '../../../src/log/redacting-logger.js';
import { Redactor } from '../../../src/log/redactor.js';
import { redactingPublisher } from '../../../src/publish/redacting-publisher.js';
import type { OutboxEffect } from '../../../src/ground/effects.js';
import { Store } from '../../../src/store/store.js';

/** Looks like no token at all: only its exact value can find it. */
const PASSWORD = 'correct horse battery';
const TOKEN = 'tok"en\\with/odd+chars&more';
const redactor = new Redactor([PASSWORD, TOKEN, 'short']);
const r = (text: string): string => redactor.text(text);

describe('Redactor', () => {
  it('replaces the exact values, and their JSON, URL, HTML and markdown forms', () => {
    expect(r(`the password is ${PASSWORD}.`)).toBe('the password is [redacted].');
    expect(r(JSON.stringify({ error: `bad ${TOKEN}` }))).toBe('{"error":"bad [redacted]"}');
    expect(r(JSON.stringify(JSON.stringify({ error: TOKEN })))).toBe(JSON.stringify(JSON.stringify({ error: '[redacted]' })));
    expect(r(`https://x.example/?p=${encodeURIComponent(PASSWORD)}&q=1`)).toBe('https://x.example/?p=[redacted]&q=1');
    expect(r('tok&quot;en\\with/odd+chars&amp;more')).toBe('[redacted]');
    expect(r('tok"en\\\\with/odd+chars&amp;more')).toBe('[redacted]');
  });

  it('finds a secret inside base64 (Basic auth, SASL PLAIN) at any alignment', () => {
    for (const user of ['', 'x', 'xy', 'x-access-token']) {
      const basic = Buffer.from(`${user}:${PASSWORD}`).toString('base64');
      const out = r(`Authorization: Basic ${basic}`);
      expect(out).toContain('[redacted]');
      expect(Buffer.from(out.replace('Authorization: Basic ', ''), 'base64').toString()).not.toContain('battery');
    }
    const sasl = Buffer.from(`bot\0bot\0${PASSWORD}`).toString('base64');
    expect(r(`AUTHENTICATE ${sasl}`)).toContain('[redacted]');
  });

  it('ignores values too short to redact safely (the config check refuses them), and with none is a no-op', () => {
    expect(r('a short note')).toBe('a short note');
    const none = new Redactor([]);
    expect(none.empty).toBe(true);
    const value = { a: [PASSWORD] };
    expect(none.value(value)).toBe(value);
  });

  it('redacts values at any depth, keys and errors included, through cycles', () => {
    const cyclic: Record<string, unknown> = { [PASSWORD]: 1, list: [`x ${TOKEN}`] };
    cyclic['self'] = cyclic;
    const out = redactor.value({ cyclic, err: new Error(`failed with ${PASSWORD}`, { cause: new Error(TOKEN) }) });
    expect(JSON.stringify({ ...out, cyclic: { ...out.cyclic, self: null } })).not.toMatch(/horse|odd\+chars/);
    expect((out.err as unknown as Record<string, unknown>)['message']).toBe('failed with [redacted]');
  });
});

describe('where the Redactor is wired', () => {
  it('the logger: messages, objects, errors and child bindings', () => {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    const log = redactingLogger(createLogger('debug', sink), redactor);
    log.info(`plain ${PASSWORD}`);
    log.warn({ reason: `quoted ${TOKEN}` }, 'with %s', PASSWORD);
    log.error(new Error(`thrown ${PASSWORD}`));
    log.child({ part: PASSWORD }).error({ err: new Error(TOKEN) }, 'child');
    expect(text).not.toMatch(/horse|odd\+chars|odd\\\\\/chars/);
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
    expect(text).toContain('"msg":"thrown [redacted]"');
  });

  it('the store: every string a statement binds, positional or named', () => {
    const store = new Store(Store.open(':memory:').db, (t) => redactor.text(t));
    store.events.append({ releaseId: null, at: 1, actor: 'lead', kind: 'note', summary: `said ${PASSWORD}`, reason: TOKEN });
    store.settings.set('k', `v ${PASSWORD}`);
    const rows = JSON.stringify([store.db.prepare('SELECT * FROM events').all(), store.db.prepare('SELECT * FROM settings').all()]);
    expect(rows).not.toMatch(/horse|odd\+chars/);
    expect(store.settings.get('k')).toBe('v [redacted]');
    store.close();
  });

  it('a reply document: every piece of text, and a publisher: the payload out and the reason back', async () => {
    const document = reply('info', line('a ', { strong: PASSWORD }, { code: TOKEN }, { mention: 'alice', name: PASSWORD }), list([[PASSWORD]]), table([PASSWORD], [[TOKEN]]));
    expect(JSON.stringify(mapReplyText(document, r))).not.toMatch(/horse|odd\+chars/);
    let sent = '';
    const publisher = redactingPublisher(
      {
        destination: 'twitter',
        targets: () => [''],
        async deliver(effect) {
          sent = JSON.stringify(effect.payload);
          return { kind: 'failed', reason: `X said ${PASSWORD}` };
        },
      },
      (v) => redactor.value(v),
      r,
    );
    const effect = { id: 1, key: 'k', target: '', release: null, attempts: 0, createdAt: 0, destination: 'twitter', payload: { action: 'announce', text: `hi ${PASSWORD}` } } as OutboxEffect;
    expect(await publisher.deliver(effect)).toEqual({ kind: 'failed', reason: 'X said [redacted]' });
    expect(sent).toBe('{"action":"announce","text":"hi [redacted]"}');
  });
});
