import { describe, expect, it } from 'vitest';
import { line, list, reply, table } from '../../../../src/commands-kit/reply.js';
import { escapeHtml, renderPost, renderReply } from '../../../../src/chat/matrix/html.js';
import { commandTextOf, stripReplyFallback } from '../../../../src/chat/matrix/inbound.js';
import { rateLimitWait, txnIdForEffect } from '../../../../src/chat/matrix/send.js';

const BOT = '@stagehand:example.org';
const matrixIdOf = (id: string): string | undefined => ({ alice: '@alice:example.org' })[id];

describe('Matrix HTML', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('renders lists and tables as HTML with every cell escaped, and the plain body as the shell shows it', () => {
    const content = renderReply(reply('info', line({ strong: 'Testers' }), list([['Infura: <ok>']]), table(['org', 'answer'], [['Pinata', 'a&b']])), matrixIdOf);
    expect(content.formatted_body).toBe(
      '<p><strong>Testers</strong></p><ul><li>Infura: &lt;ok&gt;</li></ul>' +
        '<table><thead><tr><th>org</th><th>answer</th></tr></thead><tbody><tr><td>Pinata</td><td>a&amp;b</td></tr></tbody></table>',
    );
    expect(content.body).toBe('Testers\n  - Infura: <ok>\n  org     answer\n  Pinata  a&b');
    expect(content['m.mentions']).toEqual({ user_ids: [] });
  });

  it('pills only people with a Matrix id; others are named in plain text and not mentioned', () => {
    const content = renderReply(reply('ok', line({ mention: 'alice', name: 'Alice' }, ' and ', { mention: 'carol', name: 'Carol' })), matrixIdOf);
    expect(content.formatted_body).toBe('<p><a href="https://matrix.to/#/@alice:example.org">Alice</a> and Carol</p>');
    expect(content['m.mentions']).toEqual({ user_ids: ['@alice:example.org'] });
  });

  it('a post keeps its lines, escaped, led by the mentioned people', () => {
    const content = renderPost('<b>\nsecond', [{ userId: '@alice:example.org', name: 'Alice' }, { userId: undefined, name: 'Carol' }]);
    expect(content.body).toBe('Alice, Carol: <b>\nsecond');
    expect(content.formatted_body).toBe('<a href="https://matrix.to/#/@alice:example.org">Alice</a>, Carol: &lt;b&gt;<br>second');
    expect(content['m.mentions']).toEqual({ user_ids: ['@alice:example.org'] });
  });
});

describe('Matrix inbound text', () => {
  const event = (content: Record<string, unknown>, sender = '@alice:example.org') => ({ type: 'm.room.message', sender, content });

  it('takes plain text messages from people only', () => {
    expect(commandTextOf(event({ msgtype: 'm.text', body: '!help' }), BOT)).toBe('!help');
    expect(commandTextOf(event({ msgtype: 'm.text', body: '!help' }, BOT), BOT)).toBeNull();
    expect(commandTextOf(event({ msgtype: 'm.notice', body: '!help' }), BOT)).toBeNull();
    expect(commandTextOf(event({ msgtype: 'm.image', body: 'x.png' }), BOT)).toBeNull();
    expect(commandTextOf(event({}), BOT)).toBeNull();
    expect(commandTextOf(event({ msgtype: 'm.text', body: '* !help', 'm.relates_to': { rel_type: 'm.replace' } }), BOT)).toBeNull();
  });

  it('cuts a reply fallback only when it is one', () => {
    expect(stripReplyFallback('> <@a:b> hi\n> there\n\n!tested ok')).toBe('!tested ok');
    expect(stripReplyFallback('> quoting only')).toBe('> quoting only');
    expect(stripReplyFallback('!tested ok')).toBe('!tested ok');
  });
});

describe('Matrix sending', () => {
  it('reads the wait from M_LIMIT_EXCEEDED: retry_after_ms, else a default that doubles', () => {
    expect(rateLimitWait({ errcode: 'M_LIMIT_EXCEEDED', statusCode: 429, retryAfterMs: 1234 }, 1)).toBe(1234);
    expect(rateLimitWait({ statusCode: 429, body: { retry_after_ms: 50 } }, 1)).toBe(50);
    expect(rateLimitWait({ statusCode: 429, headers: { 'retry-after': '7' } }, 1)).toBe(7_000);
    expect(rateLimitWait({ errcode: 'M_LIMIT_EXCEEDED' }, 1)).toBe(2_000);
    expect(rateLimitWait({ errcode: 'M_LIMIT_EXCEEDED' }, 3)).toBe(8_000);
    expect(rateLimitWait({ errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: 10 ** 9 }, 1)).toBe(5 * 60_000);
    expect(rateLimitWait({ errcode: 'M_FORBIDDEN', statusCode: 403 }, 1)).toBeNull();
    expect(rateLimitWait(new Error('ECONNRESET'), 1)).toBeNull();
  });

  it('derives one transaction id per effect and room, stable across runs', () => {
    expect(txnIdForEffect('k', '!a:x')).toBe(txnIdForEffect('k', '!a:x'));
    expect(txnIdForEffect('k', '!a:x')).not.toBe(txnIdForEffect('k', '!b:x'));
    expect(txnIdForEffect('k', '!a:x')).toMatch(/^stagehand-[0-9a-f]{32}$/);
  });
});
