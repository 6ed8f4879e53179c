/**
 * Checks a request against an OpenAPI 3 description (GitHub's own, from @octokit/openapi): the method and
 * path must name an operation, path and query parameters must be declared and of the declared type and
 * enum, required parameters present, and a JSON body must satisfy the operation's request-body schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Json;
}

export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly template: string;
  readonly segments: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly body: { readonly required: boolean; readonly schema: Json } | null;
}

export type Checked =
  | { readonly ok: true; readonly operation: Operation; readonly params: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly status: number; readonly problem: string };

export class OpenApi {
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

  constructor(private readonly spec: Json) {
    const paths = spec['paths'] as Record<string, Record<string, Json>>;
    for (const [template, item] of Object.entries(paths)) {
      const shared = (item['parameters'] as unknown[] | undefined) ?? [];
      for (const [method, raw] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const op = raw as Json;
        const parameters = [...shared, ...((op['parameters'] as unknown[] | undefined) ?? [])].map((p) => this.resolve(p) as unknown as Parameter);
        const requestBody = op['requestBody'] ? (this.resolve(op['requestBody']) as Json) : null;
        const json = (requestBody?.['content'] as Json | undefined)?.['application/json'] as Json | undefined;
        this.operations.push({
          id: String(op['operationId']),
          method: method.toUpperCase(),
          template,
          segments: template.split('/'),
          parameters,
          body: json ? { required: requestBody?.['required'] === true, schema: this.deref(json['schema'] as Json, 0) } : null,
        });
      }
    }
  }

  /** GitHub's REST description as @octokit/openapi ships it. */
  static github(): OpenApi {
    const require = createRequire(import.meta.url);
    return new OpenApi(JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Json);
  }

  check(method: string, rawPath: string, query: URLSearchParams, body: unknown): Checked {
    const segments = rawPath.split('/');
    const candidates = this.operations.filter((op) => op.segments.length === segments.length && op.segments.every((s, i) => isParam(s) || s === segments[i]));
    if (candidates.length === 0) return { ok: false, status: 404, problem: `no operation has the path ${rawPath}` };
    // The most specific template wins: /releases/tags/{tag} over /releases/{release_id}/{x}.
    const literal = (op: Operation) => op.segments.filter((s) => !isParam(s)).length;
    const withMethod = candidates.filter((op) => op.method === method).sort((a, b) => literal(b) - literal(a));
    const operation = withMethod[0];
    if (!operation) return { ok: false, status: 404, problem: `${method} is not an operation of ${candidates[0]?.template}` };
    const params: Record<string, string> = {};
    operation.segments.forEach((s, i) => {
      if (isParam(s)) params[s.slice(1, -1)] = decodeURIComponent(segments[i] ?? '');
    });
    for (const p of operation.parameters.filter((p) => p.in === 'path')) {
      const problem = checkValue(p, params[p.name]);
      if (problem) return { ok: false, status: 422, problem };
    }
    const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const p = declared.get(name);
      if (!p) return { ok: false, status: 422, problem: `${operation.id} takes no query parameter ${name}` };
      const problem = checkValue(p, query.get(name) ?? '');
      if (problem) return { ok: false, status: 422, problem };
    }
    for (const p of declared.values()) if (p.required && !query.has(p.name)) return { ok: false, status: 422, problem: `${operation.id} needs the query parameter ${p.name}` };
    if (body !== undefined && !operation.body) return { ok: false, status: 422, problem: `${operation.id} takes no body` };
    if (operation.body) {
      if (body === undefined && operation.body.required) return { ok: false, status: 422, problem: `${operation.id} needs a JSON body` };
      if (body !== undefined) {
        const validate = this.validatorOf(operation);
        if (!validate(body)) return { ok: false, status: 422, problem: `${operation.id} body: ${this.ajv.errorsText(validate.errors)}` };
      }
    }
    return { ok: true, operation, params };
  }

  /** A validator of a webhook delivery's body as the description declares it (`x-webhooks`, e.g. `check-run-completed`). */
  webhookValidator(name: string): ValidateFunction {
    const hooks = this.spec['x-webhooks'] as Record<string, { post: { requestBody: Json } }>;
    const body = this.resolve(hooks[name]?.post.requestBody ?? {});
    const json = (body['content'] as Json | undefined)?.['application/json'] as Json | undefined;
    if (!json) throw new Error(`the description has no webhook ${name}`);
    return this.ajv.compile(this.deref(json['schema'] as Json, 0));
  }

  private validatorOf(operation: Operation): ValidateFunction {
    let validate = this.validators.get(operation.id);
    if (!validate) {
      validate = this.ajv.compile(operation.body?.schema ?? {});
      this.validators.set(operation.id, validate);
    }
    return validate;
  }

  /** Follow one `$ref` (`#/components/parameters/owner`). */
  private resolve(node: unknown): Json {
    let current = node as Json;
    while (typeof current['$ref'] === 'string') {
      current = (current['$ref'] as string)
        .slice(2)
        .split('/')
        .reduce<Json>((at, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, this.spec);
    }
    return current;
  }

  /** A schema with its `$ref`s inlined (request bodies are shallow; the depth limit guards recursion). */
  private deref(node: unknown, depth: number): Json {
    if (depth > 30 || node === null || typeof node !== 'object') return node as Json;
    if (Array.isArray(node)) return node.map((n) => this.deref(n, depth + 1)) as unknown as Json;
    const resolved = this.resolve(node);
    const out = Object.fromEntries(Object.entries(resolved).filter(([k]) => k !== 'nullable').map(([k, v]) => [k, this.deref(v, depth + 1)]));
    // OpenAPI 3.0's `nullable` is JSON Schema's `type: [T, 'null']`.
    if (resolved['nullable'] === true && typeof resolved['type'] === 'string') out['type'] = [resolved['type'], 'null'] as unknown as Json;
    // A nullable enum (a check run's `conclusion`) takes null too, as GitHub sends it.
    if (resolved['nullable'] === true && Array.isArray(resolved['enum']) && !resolved['enum'].includes(null)) out['enum'] = [...(resolved['enum'] as unknown[]), null] as unknown as Json;
    return out;
  }
}

const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/** A path or query value against its parameter schema: type and enum (query strings arrive as text). */
function checkValue(p: Parameter, value: string | undefined): string | null {
  if (value === undefined || value === '') return p.required ? `${p.name} must not be empty` : null;
  const schema = p.schema ?? {};
  const type = schema['type'];
  if (type === 'integer' && !/^-?[0-9]+$/.test(value)) return `${p.name} must be an integer, got ${JSON.stringify(value)}`;
  if (type === 'boolean' && value !== 'true' && value !== 'false') return `${p.name} must be true or false`;
  const allowed = schema['enum'] as unknown[] | undefined;
  if (allowed && !allowed.includes(type === 'integer' ? Number(value) : value)) return `${p.name} must be one of ${allowed.join(', ')}`;
  const min = schema['minimum'] as number | undefined;
  const max = schema['maximum'] as number | undefined;
  if (type === 'integer' && ((min !== undefined && Number(value) < min) || (max !== undefined && Number(value) > max))) return `${p.name} is out of range`;
  return null;
}
