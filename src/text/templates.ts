/**
 * Announcement texts live in config/ so a project can reword them. A template is plain text with
 * `{{name}}` placeholders; unknown placeholders are reported at start-up, naming the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_NAMES, type TemplateName } from '../release/template-names.js';
import { fileProblem } from '../ground/file-problem.js';

export const TEMPLATE_VARIABLES = [
  'project',
  'repo',
  'version',
  'tag',
  'rc',
  'kind',
  'branch',
  'stage',
  'stageName',
  'releaseUrl',
  'issueUrl',
  'testers',
  'reason',
  'date',
  'projectedRelease',
  'status',
  'changelog',
  'previousTag',
  'prefix',
  'testing',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVars = Partial<Record<TemplateVariable, string>>;

export { TEMPLATE_NAMES, type TemplateName } from '../release/template-names.js';

/** A template that cannot be read or uses a placeholder Stagehand does not know. */
export class TemplateError extends Error {}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export class Templates {
  private constructor(private readonly texts: ReadonlyMap<TemplateName, string>) {}

  /** Build from texts already read; throws an Error naming the template and placeholder on a bad one. */
  static fromTexts(texts: Readonly<Record<TemplateName, string>>, origin: (name: TemplateName) => string): Templates {
    const known = new Set<string>(TEMPLATE_VARIABLES);
    for (const name of TEMPLATE_NAMES) {
      for (const match of texts[name].matchAll(PLACEHOLDER)) {
        if (!known.has(match[1] ?? '')) {
          throw new TemplateError(`${origin(name)}: unknown placeholder {{${match[1]}}} (known: ${TEMPLATE_VARIABLES.join(', ')})`);
        }
      }
    }
    return new Templates(new Map(TEMPLATE_NAMES.map((n) => [n, texts[n]])));
  }

  /** Read `<dir>/<name>.md|.txt` for every template, and the checklist from `checklistPath`. */
  static load(dir: string, checklistPath: string): Templates {
    const path = (name: TemplateName): string =>
      name === 'release-checklist' ? checklistPath : join(dir, `${name}${name.endsWith('notes') || name === 'blog-post' ? '.md' : '.txt'}`);
    const texts = {} as Record<TemplateName, string>;
    for (const name of TEMPLATE_NAMES) {
      try {
        texts[name] = readFileSync(path(name), 'utf8');
      } catch (error) {
        throw new TemplateError(`template ${name}: ${fileProblem(path(name), error)}`);
      }
    }
    return Templates.fromTexts(texts, path);
  }

  render(name: TemplateName, vars: TemplateVars): string {
    const text = this.texts.get(name) ?? '';
    return text.replace(PLACEHOLDER, (_, key: string) => vars[key as TemplateVariable] ?? '').trim();
  }
}
