/**
 * GitHub's webhook payloads as GitHub describes them: the `x-webhooks` section of its REST description
 * (@octokit/openapi, the same file test/fakes/openapi.ts reads). A payload is built from the schema's own
 * sample (openapi-sampler: every required field, nothing else) with the test's fields laid over it, and
 * is checked against the schema, so a test never sends a delivery GitHub could not send.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { sample } from 'openapi-sampler';

type Json = Record<string, unknown>;

export class WebhookSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly hooks: Json;

  private constructor(private readonly spec: Json) {
    this.hooks = spec['x-webhooks'] as Json;
    this.ajv.addSchema({ $id: 'github', components: jsonSchemaOf(spec['components']), 'x-webhooks': jsonSchemaOf(this.hooks) });
  }

  static github(): WebhookSchemas {
    const require = createRequire(import.meta.url);
    return new WebhookSchemas(JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Json);
  }

  /** The schema's key for an event and action: check_run + completed → `check-run-completed`. */
  static keyOf(event: string, action?: string): string {
    return [event, action].filter(Boolean).join('-').replace(/_/g, '-');
  }

  /** A valid payload of `event` (with `action`, where the event has actions) with `fields` laid over the sample. */
  payload(event: string, action: string | undefined, fields: Json): Json {
    const key = WebhookSchemas.keyOf(event, action);
    const schema = this.schemaOf(key);
    const base = this.sampleOf(schema, true);
    // A field the test sets that the event does not require (ping's repository) starts from its own sample.
    const optional = Object.keys(fields).filter((k) => !(k in base) && isObject(fields[k]));
    if (optional.length > 0) {
      const full = this.sampleOf(schema, false);
      for (const k of optional) if (isObject(full[k])) base[k] = full[k];
    }
    const built = merge(base, { ...(action ? { action } : {}), ...fields });
    const problem = this.problemOf(key, built);
    if (problem) throw new Error(`not a valid ${key} payload: ${problem}`);
    return built;
  }

  /** Why `payload` is not a valid `key` delivery, or null. */
  problemOf(key: string, payload: unknown): string | null {
    let validate = this.validators.get(key);
    if (!validate) {
      this.schemaOf(key);
      validate = this.ajv.compile({ $ref: `github#/x-webhooks/${key}/post/requestBody/content/application~1json/schema` });
      this.validators.set(key, validate);
    }
    return validate(payload) ? null : this.ajv.errorsText(validate.errors);
  }

  private sampleOf(schema: Json, requiredOnly: boolean): Json {
    return sample(schema as never, { skipReadOnly: false, skipNonRequired: requiredOnly }, this.spec as never) as Json;
  }

  private schemaOf(key: string): Json {
    const hook = this.hooks[key] as { post?: { requestBody?: { content?: Record<string, { schema: Json }> } } } | undefined;
    const schema = hook?.post?.requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`GitHub describes no webhook ${key}`);
    return schema;
  }
}

/** OpenAPI 3.0's `nullable` as JSON Schema: `type: [T, 'null']`, or "this or null" where there is no type. */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = jsonSchemaOf(value);
  if ((node as Json)['nullable'] !== true) return out;
  if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  else if (Array.isArray(out['type'])) out['type'] = [...(out['type'] as unknown[]), 'null'];
  else return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** `over` laid on `base`: objects merge key by key, anything else (arrays too) replaces. */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = isObject(under) && isObject(value) ? merge(under, value) : value;
  }
  return out;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
