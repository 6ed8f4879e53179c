/**
 * Configured secrets hidden in hostile text, anywhere, as they are or encoded the way an error or a
 * payload carries them (JSON-escaped, percent-encoded): the Redactor removes every one and leaves every
 * other character as it was. Also: it runs in time linear in the text (a ratio, not a clock limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodingsOf, MIN_SECRET_LENGTH, Redactor } from '../../../src/log/redactor.js';
import { CENSOR } from '../../../src/log/scrub.js';
import { hostileText } from '../arbitraries.js';

/** What tokens and passwords are made of, quotes and escapes included; no brackets (see below). */
const SECRET_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', '_', '-', '.', '~', '+', '/', '=', '%', '"', '\\', '&', "'", '@', '#', ':', 'é', '€'];
const secret = fc.string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: MIN_SECRET_LENGTH, maxLength: 48 });
const ENCODE = [(s: string) => s, (s: string) => JSON.stringify(s).slice(1, -1), (s: string) => encodeURIComponent(s)] as const;

/** Every place `part` occurs in `text`, overlapping ones included. */
function occurrences(text: string, part: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) at.push(i);
  return at;
}

describe('the Redactor on secrets embedded in hostile text', () => {
  it('removes every secret, whatever surrounds it, and changes nothing else', () => {
    let exact = 0;
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(hostileText(20), fc.nat(), fc.nat(2)), { minLength: 1, maxLength: 6 }),
        hostileText(20),
        (secrets, pieces, last) => {
          const redactor = new Redactor(secrets);
          let text = '';
          const spans: { from: number; form: string }[] = [];
          for (const [filler, which, how] of pieces) {
            text += filler;
            const form = ENCODE[how]!(secrets[which % secrets.length]!);
            spans.push({ from: text.length, form });
            text += form;
          }
          text += last;
          const out = redactor.text(text);
          // Always: no secret is left (secrets hold no bracket, so none can straddle a "[redacted]").
          for (const s of secrets) for (const form of ENCODE.map((e) => e(s))) expect(out.includes(form)).toBe(false);
          // When the embedding is unambiguous (no secret also starts inside a filler or another secret),
          // the output is exactly the fillers with "[redacted]" where the secrets were.
          const forms = new Set(secrets.flatMap((s) => encodingsOf(s)).filter((f) => f.length >= MIN_SECRET_LENGTH));
          const unambiguous = [...forms].every((form) => occurrences(text, form).every((i) => spans.some((span) => span.from === i && span.form.length >= form.length)))
            && spans.every((span) => [...forms].every((form) => occurrences(span.form, form).every((i) => i === 0 || form.length < MIN_SECRET_LENGTH)))
            && spans.every((span) => [...forms].filter((f) => f.length > span.form.length).every((form) => !text.startsWith(form, span.from)));
          if (!unambiguous) return;
          const expected = pieces.map(([filler]) => filler).join(CENSOR) + CENSOR + last;
          expect(out).toBe(expected);
          exact++;
        },
      ),
    );
    // Most inputs are unambiguous: the exact comparison is what this property mostly checks.
    expect(exact).toBeGreaterThan(fc.readConfigureGlobal().numRuns! / 2);
  });

  it('leaves text without a secret exactly as it was', () => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), hostileText(80), (secrets, text) => {
        const forms = secrets.flatMap((s) => encodingsOf(s)).filter((f) => f.length >= MIN_SECRET_LENGTH);
        fc.pre(forms.every((f) => !text.includes(f)));
        expect(new Redactor(secrets).text(text)).toBe(text);
      }),
    );
  });

  it('scans in time linear in the text: 100 times the text takes about 100 times as long', () => {
    const redactor = new Redactor(['ghp_0123456789abcdefghij', 'aaaaaaaaab', 'hunter2-irc-sasl', 'syt_c3RhZ2VoYW5k_QmFk']);
    // The worst input for an alternation: long runs that almost match a secret.
    const unit = `${'a'.repeat(9)}ghp_0123456789abcdefghi hunter2-irc-sas `;
    const timeOf = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        redactor.text(text);
        best = Math.min(best, Number(process.hrtime.bigint() - start));
      }
      return best;
    };
    const small = unit.repeat(200);
    const large = unit.repeat(20_000);
    timeOf(large);
    const ratio = timeOf(large) / timeOf(small);
    console.log(`[hostile] redactor: ${small.length} chars vs ${large.length} chars, time ratio ${ratio.toFixed(1)} (linear: 100)`);
    expect(ratio).toBeLessThan(400);
  });
});
