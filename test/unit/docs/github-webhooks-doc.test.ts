/**
 * docs/github-webhooks.md against what owns its formats: the `gh api` body against GitHub's REST
 * description (repos/create-webhook), its events against @octokit/webhooks' event names, and the YAML
 * against Stagehand's config schema. The doc cannot drift into an example that does not work.
 */
import { readFileSync } from 'node:fs';
import { emitterEventNames } from '@octokit/webhooks';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import { OpenApi } from '../../fakes/openapi.js';
import { variant } from '../../helpers/config-problems.js';

const doc = readFileSync(new URL('../../../docs/github-webhooks.md', import.meta.url), 'utf8');
const block = (lang: string, containing: string): string => {
  const found = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find((m) => m[1] === lang && m[2]!.includes(containing));
  if (!found) throw new Error(`no ${lang} block with ${containing}`);
  return found[2]!;
};

describe('docs/github-webhooks.md', () => {
  it('creates the hook with a request GitHub accepts, for events that exist', () => {
    const sh = block('sh', 'gh api');
    const json = sh.slice(sh.indexOf('{'), sh.lastIndexOf('}') + 1).replace('$GITHUB_WEBHOOK_SECRET', 'a-secret');
    const body = JSON.parse(json) as { events: string[]; config: { content_type: string } };
    const path = /gh api (\S+)/.exec(sh)![1]!;
    expect(OpenApi.github().check('POST', `/${path}`, new URLSearchParams(), body)).toMatchObject({ ok: true, operation: { id: 'repos/create-webhook' } });
    for (const event of body.events) expect(emitterEventNames).toContain(event);
    expect(body.config.content_type).toBe('json');
  });

  it('shows a configuration Stagehand accepts', () => {
    const shown = parseYaml(block('yaml', 'webhooks:')) as Record<string, unknown>;
    const config = parseConfig(variant((c) => Object.assign(c, shown)), 'doc.yaml');
    expect(config.github?.webhooks).toEqual({ secret: { env: 'GITHUB_WEBHOOK_SECRET' }, trustedProxies: ['127.0.0.1', '::1'] });
  });
});
