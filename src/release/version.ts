import { fail, ok, type Result } from '../ground/result.js';
import { trimSpaces } from '../ground/spaces.js';

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export type ReleaseKind = 'feature' | 'patch';

// ASCII digits only: look-alike digits from other scripts must never become a tag.
const RELEASE_VERSION = /^[vV]?(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$/;
/** Zero-width, direction and other invisible format characters (and the soft hyphen). */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const codePoint = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
const RC_SUFFIX = /^v?[0-9]+\.[0-9]+\.[0-9]+-rc[0-9]*$/i;

/** Parse a release version as a lead types it: `0.5.0` or `v0.5.0`. */
export function parseVersion(input: string): Result<Version> {
  // Not trim(): it drops U+FEFF, an invisible character that must be refused like the others.
  const text = trimSpaces(input);
  const match = RELEASE_VERSION.exec(text);
  if (match) {
    return ok({ major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) });
  }
  // Invisible and direction characters are written as code points: echoed raw, they would hide or reverse the reply.
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text).replace(INVISIBLE, (c) => `<${codePoint(c)}>`);
  if (RC_SUFFIX.test(text)) {
    return fail(`${shown} is a release candidate tag; give the release version (such as ${text.split('-')[0]}) and Stagehand numbers the RCs itself.`);
  }
  // eslint-disable-next-line no-control-regex
  const hidden = [...new Set(text.match(INVISIBLE) ?? [])].map(codePoint);
  if (hidden.length > 0) {
    return fail(`${shown} is not a release version: it contains characters other than ASCII digits, dots and "v": ${hidden.join(', ')} (invisible or direction marks). Expected MAJOR.MINOR.PATCH such as v0.5.0.`);
  }
  if (/[^\x20-\x7e]/.test(text)) {
    const foreign = [...new Set(text.match(/[^\x20-\x7e]/gu) ?? [])].slice(0, 3).map((c) => (/\p{C}/u.test(c) ? codePoint(c) : `${c} (${codePoint(c)})`));
    return fail(`${shown} is not a release version: it contains characters other than ASCII digits, dots and "v": ${foreign.join(', ')} (look-alike digits?). Expected MAJOR.MINOR.PATCH such as v0.5.0.`);
  }
  if (/^[vV]?0[0-9]|\.0[0-9]/.test(text)) {
    return fail(`${shown} is not a release version: numbers must not have leading zeros. Expected MAJOR.MINOR.PATCH such as v0.5.0.`);
  }
  return fail(`${shown} is not a release version. Expected MAJOR.MINOR.PATCH such as v0.5.0 (the "v" is optional).`);
}

/** Does the token look like the user meant a version (so a bad one is reported, not taken as text)? */
export function looksLikeVersion(token: string): boolean {
  return /^[vV]?[0-9\p{Nd}]+[.,]/u.test(token) || /^[vV][0-9\p{Nd}]/u.test(token);
}

export const formatVersion = (v: Version): string => `v${v.major}.${v.minor}.${v.patch}`;
export const rcTag = (v: Version, rc: number): string => `${formatVersion(v)}-rc${rc}`;
export const releaseBranch = (v: Version): string => `release-${formatVersion(v)}`;
export const kindOf = (v: Version): ReleaseKind => (v.patch > 0 ? 'patch' : 'feature');
export const sameLine = (a: Version, b: Version): boolean => a.major === b.major && a.minor === b.minor;

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The next feature version after `v` (before 1.0 and after, a feature release is a minor bump). */
export const nextFeature = (v: Version): Version => ({ major: v.major, minor: v.minor + 1, patch: 0 });
