/**
 * The version parser accepts exactly MAJOR.MINOR.PATCH in ASCII digits (an optional v) and refuses
 * everything else with a message that names the input and what was expected. Look-alike digits from other
 * scripts, bidi overrides and invisible characters are refused, never normalised into a tag.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVersion, looksLikeVersion, parseVersion } from '../../../src/release/version.js';
import { hostileText } from '../arbitraries.js';

const STRICT = /^[vV]?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const number = fc.integer({ min: 0, max: 999_999_999 });

describe('parseVersion', () => {
  it('round-trips every valid version', () => {
    fc.assert(
      fc.property(number, number, number, fc.constantFrom('', 'v', 'V'), (a, b, c, v) => {
        const parsed = parseVersion(`${v}${a}.${b}.${c}`);
        expect(parsed.ok && formatVersion(parsed.value)).toBe(`v${a}.${b}.${c}`);
      }),
    );
  });

  it('accepts only the strict ASCII form; every refusal names the input and the expected form', () => {
    fc.assert(
      fc.property(hostileText(12), (text) => {
        const parsed = parseVersion(text);
        if (parsed.ok) {
          expect(text.trim()).toMatch(STRICT);
          return;
        }
        expect(parsed.error.message).toMatch(/^".*" (is|is not) /s);
        expect(parsed.error.message).toMatch(/release version|release candidate/);
      }),
    );
  });

  it('refuses a valid version with one look-alike digit, bidi override or invisible character put anywhere', () => {
    const intruders = ['０', '５', '٠', '٥', '۵', '𝟎', '𝟓', '५', '৫', '\u202e', '\u202d', '\u2066', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '．', '٫'];
    fc.assert(
      fc.property(number, number, number, fc.constantFrom(...intruders), fc.nat(), fc.boolean(), (a, b, c, intruder, at, replace) => {
        const text = `v${a}.${b}.${c}`;
        const i = 1 + (at % (text.length - 1));
        const hostile = replace ? text.slice(0, i) + intruder + text.slice(i + 1) : text.slice(0, i) + intruder + text.slice(i);
        const parsed = parseVersion(hostile);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error.message).toMatch(/not a release version/);
      }),
    );
  });

  it('looksLikeVersion never throws', () => {
    fc.assert(fc.property(hostileText(12), (text) => void looksLikeVersion(text)));
  });
});
