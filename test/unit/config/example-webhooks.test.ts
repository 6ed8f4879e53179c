/**
 * The commented webhooks setup in config/example.yaml (the `webhooks:` block next to the App block and the
 * `web:` line it needs) is a configuration Stagehand accepts once uncommented, as docs/github-webhooks.md says.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/load.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/example.yaml', import.meta.url));

/** The example with the `  # webhooks:` block and the `# web:` line uncommented. */
function uncommented(withWeb: boolean): string {
  const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
  const at = lines.indexOf('  # webhooks:');
  expect(at).toBeGreaterThan(0);
  lines[at] = '  webhooks:';
  for (let i = at + 1; lines[i]!.startsWith('  #   '); i++) lines[i] = lines[i]!.replace(/^ {2}# /, '  ');
  const web = lines.findIndex((l) => l.startsWith('# web: '));
  expect(web).toBeGreaterThan(at);
  if (withWeb) lines[web] = lines[web]!.slice(2);
  return lines.join('\n');
}

describe('config/example.yaml: the webhooks setup', () => {
  it('uncommented, with its web: line, is a valid configuration', () => {
    const config = parseConfig(uncommented(true), EXAMPLE);
    expect(config.github?.webhooks).toEqual({ secret: { env: 'GITHUB_WEBHOOK_SECRET' }, trustedProxies: ['127.0.0.1', '::1'] });
    expect(config.web).toMatchObject({ host: '127.0.0.1', port: 8377 });
  });

  it('without the web: line it is refused, as the comment warns', () => {
    expect(() => parseConfig(uncommented(false), EXAMPLE)).toThrow(ConfigError);
    expect(() => parseConfig(uncommented(false), EXAMPLE)).toThrow(/web/);
  });
});
