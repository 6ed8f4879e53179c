/**
 * The go-ipfs release issue template names versions with its own placeholders rather than `{{…}}`:
 * `X.Y.Z` (and `vX.Y.Z`, `release-vX.Y.Z`), `vX.Y.Z-rcN`, and the next development version `X.(Y+1).0`
 * (`vX.(Y+1).0-dev`). They are filled in with the release's version. `rcN` stays as it is: the template uses
 * it for "each RC" ("tag the commit as vX.Y.Z-rcN" in the per-RC list), and the body is written once while
 * RCs come and go; the current RC is in Stagehand's status block.
 *
 * The issue title comes from the template when it names one: GitHub issue-template front matter
 * (`title: …`, removed from the body), or else the first level-1 heading that uses the `X.Y.Z` placeholder
 * (`# go-ipfs X.Y.Z Release`). Otherwise the title is Stagehand's own (`Release vX.Y.Z`).
 */
import { parse } from 'yaml';
import type { Version } from '../release/version.js';

const NOT_WORD_BEFORE = '(?<![A-Za-z0-9_])';
const NOT_WORD_AFTER = '(?![A-Za-z0-9_])';
const NEXT = new RegExp(`${NOT_WORD_BEFORE}(v?)X\\.\\(Y\\+1\\)\\.0${NOT_WORD_AFTER}`, 'g');
const CURRENT = new RegExp(`${NOT_WORD_BEFORE}(v?)X\\.Y\\.Z${NOT_WORD_AFTER}`, 'g');
// `release-vX.Y.Z`: the hyphen is a word boundary already; `vX.Y.Z-rcN` keeps its `-rcN`.

export function fillVersionPlaceholders(text: string, version: Version): string {
  const { major, minor, patch } = version;
  return text
    .replace(NEXT, (_, v: string) => `${v}${major}.${minor + 1}.0`)
    .replace(CURRENT, (_, v: string) => `${v}${major}.${minor}.${patch}`);
}

const usesVersionPlaceholders = (text: string): boolean => new RegExp(CURRENT.source).test(text) || new RegExp(NEXT.source).test(text);

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const H1 = /^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\r?$/m;

/**
 * Split a template (before any filling) into the title it names, if any, and its body: front matter is
 * removed from the body; a title heading stays in it.
 */
export function templateTitle(template: string): { title: string | null; body: string } {
  const front = FRONT_MATTER.exec(template);
  if (front) {
    let title: string | null = null;
    try {
      const data = parse(front[1] ?? '') as unknown;
      if (data && typeof data === 'object' && typeof (data as Record<string, unknown>)['title'] === 'string') title = ((data as Record<string, unknown>)['title'] as string).trim() || null;
    } catch {
      // Not YAML after all: keep the text as the body, as GitHub would show it.
      return { title: null, body: template };
    }
    return { title, body: template.slice(front[0].length) };
  }
  const heading = H1.exec(template);
  const title = heading?.[1]?.trim() ?? '';
  return { title: title && usesVersionPlaceholders(title) ? title : null, body: template };
}
