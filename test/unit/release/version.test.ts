import { describe, it, expect } from 'vitest';
import {
  compareVersions,
  formatVersion,
  kindOf,
  looksLikeVersion,
  parseVersion,
  rcTag,
  releaseBranch,
  type Version,
} from '../../../src/release/version.js';

const v = (major: number, minor: number, patch: number): Version => ({ major, minor, patch });

/** The parsed version, failing the test with the refusal if there is one. */
function parsed(input: string): Version {
  const result = parseVersion(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${result.error.message}`);
  return result.value;
}

/** The refusal message, failing the test if the input was accepted. */
function refusal(input: string): string {
  const result = parseVersion(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${formatVersion(result.value)}`);
  return result.error.message;
}

const EXPECTED_FORMAT = /Expected MAJOR\.MINOR\.PATCH such as v0\.5\.0/;
const NOT_ASCII = /characters other than ASCII digits/;

describe('parseVersion', () => {
  it('accepts MAJOR.MINOR.PATCH with or without the v prefix', () => {
    expect(parsed('0.5.0')).toEqual(v(0, 5, 0));
    expect(parsed('v0.5.0')).toEqual(v(0, 5, 0));
    expect(parsed('v1.12.3')).toEqual(v(1, 12, 3));
    expect(parsed('10.0.20')).toEqual(v(10, 0, 20));
  });

  it('ignores surrounding whitespace', () => {
    expect(parsed('  v0.5.1\t')).toEqual(v(0, 5, 1));
    expect(parsed('\n0.6.0 ')).toEqual(v(0, 6, 0));
  });

  it('accepts zeros as whole numbers', () => {
    expect(parsed('0.0.0')).toEqual(v(0, 0, 0));
    expect(parsed('v0.10.0')).toEqual(v(0, 10, 0));
  });

  it.each(['01.2.3', 'v01.2.3', '1.02.3', '1.2.03', '00.5.0', 'v0.05.0'])('refuses leading zeros in %s', (input) => {
    const message = refusal(input);
    expect(message).toContain('leading zeros');
    expect(message).toContain(JSON.stringify(input));
    expect(message).toMatch(EXPECTED_FORMAT);
  });

  it('refuses an RC tag and says which release version to give instead', () => {
    const message = refusal('v0.5.0-rc1');
    expect(message).toContain('release candidate tag');
    expect(message).toContain('such as v0.5.0)');
    expect(message).toContain('numbers the RCs itself');
  });

  it('refuses RC tags without the v prefix, in upper case, or without a number', () => {
    expect(refusal('0.5.0-rc2')).toContain('such as 0.5.0)');
    expect(refusal('v0.6.1-RC3')).toContain('release candidate tag');
    expect(refusal('0.6.0-rc')).toContain('release candidate tag');
  });

  it.each([
    ['Arabic-Indic digits', '٠.٥.٠'],
    ['Extended Arabic-Indic digits', '۰.۵.۰'],
    ['fullwidth digits', '０.５.０'],
    ['a fullwidth digit among ASCII ones', '0.５.0'],
    ['Devanagari digits', '०.५.०'],
    ['a fullwidth full stop', '0．5．0'],
    ['a mathematical bold digit', '0.𝟓.0'],
    ['a superscript digit', '0.5.¹'],
  ])('refuses look-alike characters: %s', (_name, input) => {
    const message = refusal(input);
    expect(message).toMatch(NOT_ASCII);
    expect(message).toContain('look-alike digits');
  });

  it.each([
    ['zero-width space inside', '0.5\u200B.0'],
    ['zero-width space before', '\u200Bv0.5.0'],
    ['zero-width space after', 'v0.5.0\u200B'],
    ['zero-width non-joiner', '0.5.\u200C0'],
    ['zero-width joiner', '0\u200D.5.0'],
    ['word joiner', '0.5.0\u2060'],
    ['soft hyphen', '0.5\u00AD.0'],
    ['right-to-left override', '\u202E0.5.0'],
    ['left-to-right mark', '0.5.0\u200E'],
    ['right-to-left mark', '0.\u200F5.0'],
    ['right-to-left isolate', '\u20670.5.0\u2069'],
    ['a control character', '0.5\u0007.0'],
  ])('refuses invisible and direction characters: %s', (_name, input) => {
    expect(refusal(input)).toMatch(NOT_ASCII);
  });

  it('refuses an empty or blank input', () => {
    expect(refusal('')).toMatch(EXPECTED_FORMAT);
    expect(refusal('   ')).toMatch(EXPECTED_FORMAT);
    expect(refusal('')).toContain('""');
  });

  it.each(['0.5', '0.5.0.1', '1', 'v', 'v.1.2', '1..2', '0.5.0-beta', '+0.5.0', 'v 0.5.0', 'release-v0.5.0', '-1.0.0', '0.5.x'])(
    'refuses %s, which is not MAJOR.MINOR.PATCH',
    (input) => {
      expect(refusal(input)).toMatch(EXPECTED_FORMAT);
    },
  );

  it('accepts numbers up to nine digits', () => {
    expect(parsed('999999999.999999999.999999999')).toEqual(v(999_999_999, 999_999_999, 999_999_999));
  });

  it('refuses huge numbers instead of rounding them', () => {
    expect(refusal('1234567890.0.0')).toMatch(EXPECTED_FORMAT);
    expect(refusal('0.5.99999999999999999999')).toMatch(EXPECTED_FORMAT);
    expect(refusal(`0.${'9'.repeat(400)}.0`)).toMatch(EXPECTED_FORMAT);
  });

  it('shortens a very long input when quoting it back', () => {
    const message = refusal(`0.5.0${'x'.repeat(500)}`);
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(200);
  });
});

describe('kindOf', () => {
  it('calls x.y.0 a feature release and anything with a patch number a patch release', () => {
    expect(kindOf(v(0, 5, 0))).toBe('feature');
    expect(kindOf(v(1, 0, 0))).toBe('feature');
    expect(kindOf(v(0, 5, 1))).toBe('patch');
    expect(kindOf(v(0, 5, 12))).toBe('patch');
  });
});

describe('rcTag and releaseBranch', () => {
  it('names RC tags vX.Y.Z-rcN', () => {
    expect(rcTag(v(0, 5, 0), 1)).toBe('v0.5.0-rc1');
    expect(rcTag(v(0, 5, 1), 12)).toBe('v0.5.1-rc12');
  });

  it('names the release branch release-vX.Y.Z', () => {
    expect(releaseBranch(v(0, 5, 0))).toBe('release-v0.5.0');
    expect(releaseBranch(v(1, 2, 3))).toBe('release-v1.2.3');
  });

  it('formats versions with the v prefix, and parse and format round-trip', () => {
    expect(formatVersion(v(0, 5, 0))).toBe('v0.5.0');
    for (const text of ['v0.5.0', 'v1.10.2', 'v0.0.1']) expect(formatVersion(parsed(text))).toBe(text);
  });
});

describe('compareVersions', () => {
  it('orders by major, then minor, then patch, numerically', () => {
    expect(compareVersions(v(0, 5, 0), v(0, 5, 0))).toBe(0);
    expect(compareVersions(v(0, 5, 0), v(0, 5, 1))).toBeLessThan(0);
    expect(compareVersions(v(0, 5, 1), v(0, 5, 0))).toBeGreaterThan(0);
    expect(compareVersions(v(0, 9, 9), v(0, 10, 0))).toBeLessThan(0);
    expect(compareVersions(v(0, 99, 99), v(1, 0, 0))).toBeLessThan(0);
    expect(compareVersions(v(2, 0, 0), v(1, 99, 99))).toBeGreaterThan(0);
  });

  it('sorts a list of versions numerically, not as text', () => {
    const sorted = [v(0, 10, 0), v(0, 9, 1), v(1, 0, 0), v(0, 9, 0), v(0, 2, 10), v(0, 2, 9)].sort(compareVersions).map(formatVersion);
    expect(sorted).toEqual(['v0.2.9', 'v0.2.10', 'v0.9.0', 'v0.9.1', 'v0.10.0', 'v1.0.0']);
  });
});

describe('looksLikeVersion', () => {
  it.each(['0.5.0', 'v0.5.0', 'V0.5.0', '0.5', '1,2,3', 'v1', 'v0.5.0-rc1', '01.2.3', '٠.٥.٠', '０.５.０', 'v٠'])(
    'treats %s as an attempt at a version',
    (token) => {
      expect(looksLikeVersion(token)).toBe(true);
    },
  );

  it.each(['', 'v', 'version', 'hello', 'latest', '12', 'ok', '.5.0', '#123', 'vx.1'])('does not treat %s as a version', (token) => {
    expect(looksLikeVersion(token)).toBe(false);
  });
});
