/**
 * Issue 15 "Start-up": what the configuration checks say — YAML errors with the line, column and the
 * `yaml` library's own excerpt and caret; "no such file"; the note about checks across keys only when they
 * did not run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkConfig } from '../../../src/check-config.js';
import { describeYamlError } from '../../../src/config/yaml-problem.js';
import { DEFAULT_TEXT } from '../../helpers/config-problems.js';
import { DEFAULT_CONFIG_FILE } from '../../helpers/test-app.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** `text` written as a config beside config/default.yaml's templates (absolute, so any folder works). */
function writeConfig(text: string): string {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-startup-'));
  const file = join(dir, 'stagehand.yaml');
  const templates = join(DEFAULT_CONFIG_FILE, '..');
  writeFileSync(file, text.replace('dir: templates', `dir: ${join(templates, 'templates')}`).replace('checklist: release-checklist.md', `checklist: ${join(templates, 'release-checklist.md')}`));
  return file;
}

/** The `yaml` library's own first error for a text. */
const libraryError = (text: string) => {
  const error = parseDocument(text, { uniqueKeys: false }).errors[0];
  if (!error) throw new Error('expected a YAML error');
  return error;
};

describe('a YAML syntax error', () => {
  const texts = [
    DEFAULT_TEXT.replace('timeZone: UTC', 'timeZone: [UTC'),
    'project: {name: x\nfoo: [\n',
    'a: 1\nb: "x\n',
    'a: b: c\n',
    `${'x'.repeat(200)}: [1\n`,
  ];

  it.each(texts.map((t, i) => [i, t] as const))('names line and column and shows the library excerpt with its caret, no dangling colon (%i)', (_, text) => {
    const error = libraryError(text);
    const [at] = error.linePos ?? [];
    expect(at).toBeDefined();
    const lines = describeYamlError(error).split('\n');
    expect(lines[0]).toMatch(new RegExp(`^not valid YAML at line ${at!.line}, column ${at!.col}: \\S`));
    for (const line of lines) expect(line).not.toMatch(/:\s*$/);
    // The excerpt is the library's context (its pretty error), each line indented under the problem.
    const context = error.message.split('\n\n').slice(1).join('\n\n').replace(/\n+$/, '');
    expect(lines.slice(1).map((l) => l.replace(/^ {4}/, '')).join('\n')).toBe(context.split('\n').map((l) => l.trimEnd()).join('\n'));
    const caret = lines.at(-1)!;
    expect(caret.trim()).toMatch(/^\^+$/);
  });

  it('is what a config file with one is refused with, by --check-config too', () => {
    const file = writeConfig('project: {name: x\nfoo: [\n');
    const report = checkConfig(file, {}).report.split('\n');
    expect(report[0]).toBe(`${file}: 1 problem:`);
    expect(report[1]).toBe('  - not valid YAML at line 2, column 1: Flow map in block collection must be sufficiently indented and end with a }');
    expect(report.slice(2)).toEqual(['    project: {name: x', '    foo: [', '    ^']);
  });
});

describe('--check-config', () => {
  it('says "no such file" for a missing file', () => {
    expect(checkConfig('/nonexistent/dir/stagehand.yaml', {})).toEqual({ ok: false, report: 'no such file: /nonexistent/dir/stagehand.yaml' });
  });

  it('does not say checks across keys have not run when it lists one of their problems', () => {
    const onlyAcross = checkConfig(writeConfig(DEFAULT_TEXT.replace('leads: [lead]', 'leads: [lead, nobody]')), {});
    expect(onlyAcross.report).toContain('leads[1]: "nobody" is not listed under people');
    expect(onlyAcross.report).not.toContain('checks across keys');

    const withTypo = checkConfig(writeConfig(DEFAULT_TEXT.replace('leads: [lead]', 'leads: [lead, nobody]\nleadz: []')), {});
    expect(withTypo.report).toContain('leadz: unknown key');
    expect(withTypo.report).toContain('leads[1]: "nobody" is not listed under people');
    expect(withTypo.report).not.toContain('checks across keys');
  });

  it('says so when a wrong shape kept the checks across keys from running', () => {
    const report = checkConfig(writeConfig(DEFAULT_TEXT.replace('leads: [lead]', 'leads: [lead, nobody]').replace('timeZone: UTC', 'timeZone: 42')), {}).report;
    expect(report).toContain('timeZone: ');
    expect(report).not.toContain('nobody');
    expect(report).toContain('(checks across keys, such as leads being listed under people, run once these are fixed)');
  });
});
