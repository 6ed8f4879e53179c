/**
 * The webhook payloads the reaction tests deliver (test/fakes/webhook-payloads.ts: GitHub's example
 * deliveries with a test's values put in) still have the shape GitHub's own description declares for that
 * event and action (the `x-webhooks` of @octokit/openapi), checked with a JSON-schema validator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenApi } from '../../fakes/openapi.js';
import { WebhookPayloads } from '../../fakes/webhook-payloads.js';

const payloads = new WebhookPayloads('ipfs', 'go-ipfs');
const SHA = '0123456789abcdef0123456789abcdef01234567';
let api: OpenApi;

beforeAll(() => {
  api = OpenApi.github();
});

const cases: [string, () => unknown][] = [
  ['check-run-completed', () => payloads.checkRun({ sha: SHA, branch: 'release-v0.5.0', name: 'build', status: 'completed', conclusion: 'failure' })],
  ['check-run-created', () => payloads.checkRun({ sha: SHA, branch: 'release-v0.5.0', name: 'build', status: 'queued' })],
  ['check-run-created', () => payloads.checkRun({ sha: SHA, branch: 'release-v0.5.0', name: 'build', status: 'in_progress' })],
  ['check-suite-completed', () => payloads.checkSuite({ sha: SHA, branch: 'release-v0.5.0', conclusion: 'success' })],
  ['status', () => payloads.status({ sha: SHA, branch: 'release-v0.5.0', context: 'ci/circleci', state: 'failure' })],
  ['push', () => payloads.push({ branch: 'release-v0.5.0', before: 'f'.repeat(40), after: SHA, message: 'fix: crash (#6020)' })],
  ['issues-edited', () => payloads.issueEdited({ number: 7, body: '- [x] done', before: '- [ ] done' })],
];

describe("the reaction tests' webhook payloads", () => {
  it.each(cases)('%s matches GitHub’s schema', (name, build) => {
    const validate = api.webhookValidator(name);
    const valid = validate(build());
    expect(valid, JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`))).toBe(true);
  });

  it('a payload missing a field GitHub always sends fails the check', () => {
    const broken = payloads.checkRun({ sha: SHA, branch: 'release-v0.5.0', name: 'build', status: 'completed' }) as unknown as { check_run: Record<string, unknown> };
    delete broken.check_run['head_sha'];
    expect(api.webhookValidator('check-run-completed')(broken)).toBe(false);
  });
});
