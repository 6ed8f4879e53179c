/**
 * docs/configuration.md, generated from the zod schema (src/config/schema.ts and its section files) through
 * zod's own JSON Schema export, so every key, type, default and description comes from the code that checks
 * a config at start-up. Descriptions live in the schema (`.describe()`); this file only lays them out.
 */
import { slug } from 'github-slugger';
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';

/** The part of JSON Schema (draft 2020-12) that z.toJSONSchema produces for our schema. */
interface Node {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Node;
  readonly propertyNames?: Node;
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
  readonly oneOf?: readonly Node[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
}

export interface ConfigRow {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly description: string | undefined;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const code = (text: string): string => `\`${text}\``;

function range(node: Node): string {
  const parts: string[] = [];
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined && Math.abs(node.minimum) < SAFE) parts.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined && Math.abs(node.maximum) < SAFE) parts.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  return parts.join(', ');
}

function typeOf(node: Node): string {
  if (node.title === 'secret') return `secret: ${code('{ env: NAME }')} or ${code('{ file: path }')}`;
  if (node.const !== undefined) return code(String(node.const));
  if (node.enum) return node.enum.map((v) => code(String(v))).join(' \\| ');
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return 'object';
  switch (node.type) {
    case 'string':
      return node.format === 'uri' ? 'URL' : 'string';
    case 'integer':
    case 'number': {
      const limits = range(node);
      return limits ? `${node.type} (${limits})` : node.type;
    }
    case 'boolean':
      return 'boolean';
    case 'array':
      return `list of ${node.items ? plural(typeOf(node.items)) : 'values'}${node.minItems ? `, at least ${node.minItems}` : ''}`;
    case 'object': {
      if (node.properties) return 'object';
      const value = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
      const keys = node.propertyNames?.enum ? node.propertyNames.enum.map((k) => code(String(k))).join(', ') : 'id';
      return value ? `map: ${keys} → ${typeOf(value)}` : 'object';
    }
    default:
      return 'any';
  }
}

const plural = (type: string): string => (type === 'object' ? 'objects' : type === 'string' ? 'strings' : type);

function defaultOf(node: Node, required: boolean): string {
  if (required) return '**required**';
  if (!('default' in node)) return 'optional';
  const value = node.default;
  // A section's default is its keys' defaults, listed below it; a map's default is its entries.
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && node.properties) return 'as below';
  return code(JSON.stringify(value));
}

/** A discriminated union of objects (the sign-off rule) read as one object whose keys are the variants' keys together. */
function mergeVariants(variants: readonly Node[]): { properties: Record<string, Node>; required: string[] } {
  const properties: Record<string, Node> = {};
  for (const variant of variants) {
    for (const [key, child] of Object.entries(variant.properties ?? {})) {
      const seen = properties[key];
      if (!seen) {
        properties[key] = child;
        continue;
      }
      const values = [...(seen.enum ?? (seen.const !== undefined ? [seen.const] : [])), ...(child.enum ?? (child.const !== undefined ? [child.const] : []))];
      const description = [seen.description, child.description].filter((d) => d !== undefined).join(' ');
      properties[key] = { type: seen.type, enum: values, ...(description ? { description } : {}) };
    }
  }
  const required = Object.keys(properties).filter((key) => variants.every((v) => v.required?.includes(key)));
  return { properties, required };
}

function walk(node: Node, path: string, required: boolean, rows: ConfigRow[], emitSelf = true): void {
  if (emitSelf) rows.push({ path, type: typeOf(node), default: defaultOf(node, required), description: node.description });
  if (node.title === 'secret') return;
  const variants = node.anyOf ?? node.oneOf;
  const shape = variants ? mergeVariants(variants) : { properties: node.properties, required: node.required ?? [] };
  if (shape.properties) {
    for (const [key, child] of Object.entries(shape.properties)) walk(child, `${path}.${key}`, shape.required.includes(key), rows);
    return;
  }
  // The members of a list or a map of objects: their keys are documented, the member itself is the row above.
  if (node.type === 'array' && node.items?.properties) walk(node.items, `${path}[]`, false, rows, false);
  const value = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (value?.properties) walk(value, `${path}.<id>`, false, rows, false);
}

const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|');

export function configRows(): { section: string; rows: ConfigRow[] }[] {
  const root = z.toJSONSchema(configSchema, { io: 'input' }) as Node;
  return Object.entries(root.properties ?? {}).map(([key, node]) => {
    const rows: ConfigRow[] = [];
    walk(node, key, root.required?.includes(key) ?? false, rows);
    return { section: key, rows };
  });
}

const INTRO = `# Configuration

<!-- Generated from src/config/schema.ts (and its section files) by \`npm run docs\`. Do not edit by hand:
     change the schema's \`.describe()\` texts, then run \`npm run docs\`. -->

\`npm start -- --config FILE --data DIR --log-level info\`. With no \`--config\` (and no \`STAGEHAND_CONFIG\`),
\`config/default.yaml\` runs local mode; \`config/example.yaml\` is a complete deployment with Matrix, IRC, GitHub
and X/Twitter. Paths inside a config file are relative to the file's folder; \`--data\` is relative to the
current directory.

Everything is checked at start-up against this one schema. An error names the key
(\`testers[2].people[0]: "bob" is not listed under people\`), an unknown key is reported as a likely typo with
the nearest known key, and the process exits 2 without touching the data directory.
\`npm start -- --check-config\` lists every problem at once ([operations](operations.md#check-a-config-before-you-deploy-it)).

Beyond each key's own type, the whole file is checked across keys: every lead and every tester is listed under
\`people\`; a person answers for one organisation only, and an organisation is enrolled once; no two people
share a handle on one network; a \`quorum\` sign-off does not ask for more ok answers than there are
organisations enrolled for a stage.

**Secrets** (the keys of type *secret*) are never written in the file: \`{ env: NAME }\` reads an environment
variable, \`{ file: path }\` a file (relative to the config file). They are read once at start-up; whitespace
around a value is dropped; a missing one, one with a control character inside, or one shorter than 8
characters stops the start naming the key and the variable or file, never the value. Their values never leave:
see [operations](operations.md#secrets).

**Files beside the config**: \`templates.checklist\` (default \`config/release-checklist.md\`) is the release issue,
one section per stage, ticked as the release passes it and re-opened on a restart; \`templates.dir\` holds every
announcement, note and the blog draft, with \`{{placeholders}}\`. An unknown placeholder is refused at start-up,
naming the file.

Columns: *default* is **required** when the key must be given (inside its section, when the section is
given), *optional* when it may be left out and has no default, and *as below* when the section's keys carry
their own defaults.
`;

export function renderConfigurationDoc(): string {
  const sections = configRows();
  const out: string[] = [INTRO, '', ...sections.map((s) => `- [\`${s.section}\`](#${slug(s.section)})`), ''];
  for (const { section, rows } of sections) {
    const [head] = rows;
    out.push(`## \`${section}\``, '');
    if (head?.description && rows.length > 1) out.push(head.description, '');
    out.push('| key | type | default | description |', '|---|---|---|---|');
    for (const row of rows) out.push(`| \`${row.path}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description ?? '')} |`);
    out.push('');
  }
  return out.join('\n');
}
