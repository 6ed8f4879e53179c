import { describe, expect, it } from 'vitest';
import { escapeText, fold, renderIcs, type IcsEvent } from '../../../src/web/ics.js';

const octets = (s: string): number => Buffer.byteLength(s);
const unfold = (text: string): string => text.replace(/\r\n /g, '');

describe('RFC 5545 folding', () => {
  it('leaves a line of 75 octets alone and folds the 76th onto a line starting with one space', () => {
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    const long = fold('y'.repeat(300));
    expect(long.split('\r\n').map(octets)).toEqual([75, 75, 75, 75, 4]);
    expect(unfold(long)).toBe('y'.repeat(300));
  });

  it('never splits a multi-byte UTF-8 character, and counts octets rather than characters', () => {
    // 2-, 3- and 4-octet characters (é, 中, 🚀) placed so a naive byte cut would land inside them.
    for (const text of ['é'.repeat(100), `a${'中'.repeat(60)}`, `ab${'🚀'.repeat(40)}`, `SUMMARY:${'aé中🚀'.repeat(30)}`]) {
      const lines = fold(text).split('\r\n');
      for (const line of lines) {
        expect(octets(line)).toBeLessThanOrEqual(75);
        expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
        expect(line).not.toContain('\uFFFD');
      }
      lines.slice(1).forEach((l) => expect(l.startsWith(' ')).toBe(true));
      expect(unfold(lines.join('\r\n'))).toBe(text);
      // Filled as far as allowed: a line ends early only when the next character would not fit.
      expect(octets(lines[0]!)).toBeGreaterThan(71);
    }
  });
});

describe('TEXT escaping', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('tab\there\u0007')).toBe('tabhere');
    expect(escapeText(':colons: and "quotes" stay')).toBe(':colons: and "quotes" stay');
  });
});

describe('a calendar', () => {
  const event: IcsEvent = {
    uid: 'stage3-end.v0.5.0@stagehand',
    sequence: 7,
    lastModified: Date.parse('2019-10-01T12:00:00Z'),
    start: Date.parse('2019-10-14T09:30:00Z'),
    summary: 'v0.5.0, stage 3; ends\nsoon',
    description: 'é'.repeat(80),
  };
  const text = renderIcs({ prodId: '-//Stagehand//Test//EN', name: 'go-ipfs releases', stamp: Date.parse('2019-10-02T08:00:00Z'), events: [event, { ...event, uid: 'branch.2019-10-21@stagehand', start: '2019-10-21' }] });

  it('uses CRLF everywhere, folds every line, and has the required properties', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    const lines = unfold(text).split('\r\n');
    expect(lines.slice(0, 4)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Stagehand//Test//EN', 'CALSCALE:GREGORIAN']);
    expect(lines).toContain('DTSTAMP:20191002T080000Z');
    expect(lines).toContain('DTSTART:20191014T093000Z');
    expect(lines).toContain('LAST-MODIFIED:20191001T120000Z');
    expect(lines).toContain('SEQUENCE:7');
    expect(lines).toContain('SUMMARY:v0.5.0\\, stage 3\\; ends\\nsoon');
    expect(lines).toContain('DTSTART;VALUE=DATE:20191021');
    expect(lines).toContain('DTEND;VALUE=DATE:20191022');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(2);
    expect(lines[lines.length - 2]).toBe('END:VCALENDAR');
  });
});
