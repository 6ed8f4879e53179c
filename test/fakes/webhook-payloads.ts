/**
 * Webhook payloads in GitHub's real shape: each starts from GitHub's own example delivery of that event and
 * action (@octokit/webhooks-examples, the payloads GitHub's documentation shows) and changes only the
 * values a test is about (the repository, a commit, a check's state, an issue's body), so every field
 * GitHub sends is there, typed as @octokit/webhooks hands it to a handler. Fields GitHub added since the
 * examples were recorded are filled in; test/unit/github/webhook-payloads.test.ts checks every payload
 * against the schema of GitHub's own description.
 */
import { createRequire } from 'node:module';
import type { EmitterWebhookEvent } from '@octokit/webhooks';

type Payload<E extends 'check_run' | 'check_suite' | 'status' | 'push' | 'issues.edited'> = EmitterWebhookEvent<E>['payload'];

interface Definition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];

/** A fresh copy of GitHub's first example of `name` (with `action`, when given). */
function example(name: string, action?: string): Record<string, unknown> {
  const found = definitions.find((d) => d.name === name)?.examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ''}`);
  return structuredClone(found);
}

const NO_REACTIONS = (url: string) => ({ url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 });

export class WebhookPayloads {
  constructor(
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  checkRun(options: { sha: string; branch: string; name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion?: string | null }): Payload<'check_run'> {
    const payload = this.inRepo(example('check_run', options.status === 'completed' ? 'completed' : 'created')) as Payload<'check_run'>;
    const run = payload.check_run as unknown as Record<string, unknown> & { check_suite: Record<string, unknown> };
    Object.assign(run, { head_sha: options.sha, name: options.name, status: options.status, conclusion: options.status === 'completed' ? (options.conclusion ?? 'success') : null });
    Object.assign(run.check_suite, { head_sha: options.sha, head_branch: options.branch });
    return payload;
  }

  checkSuite(options: { sha: string; branch: string; conclusion: string }): Payload<'check_suite'> {
    const payload = this.inRepo(example('check_suite', 'completed')) as Payload<'check_suite'>;
    Object.assign(payload.check_suite, { head_sha: options.sha, head_branch: options.branch, status: 'completed', conclusion: options.conclusion });
    return payload;
  }

  status(options: { sha: string; branch: string; context: string; state: 'pending' | 'success' | 'failure' | 'error' }): Payload<'status'> {
    const payload = this.inRepo(example('status')) as Payload<'status'>;
    Object.assign(payload, { sha: options.sha, context: options.context, state: options.state });
    Object.assign(payload.commit, { sha: options.sha });
    Object.assign(payload.commit.commit.verification, { verified_at: null });
    Object.assign(payload, { branches: [{ name: options.branch, commit: { sha: options.sha, url: `https://api.github.com/repos/${this.owner}/${this.repo}/commits/${options.sha}` }, protected: false }] });
    return payload;
  }

  push(options: { branch: string; before: string; after: string; message: string }): Payload<'push'> {
    const payload = this.inRepo(example('push')) as Payload<'push'>;
    const commit = { ...(payload.head_commit ?? (payload.commits[0] as NonNullable<Payload<'push'>['head_commit']>)), id: options.after, tree_id: options.after, message: options.message };
    Object.assign(payload, { ref: `refs/heads/${options.branch}`, before: options.before, after: options.after, created: false, deleted: false, head_commit: commit, commits: [commit] });
    return payload;
  }

  issueEdited(options: { number: number; body: string; before: string }): Payload<'issues.edited'> {
    const payload = this.inRepo(example('issues', 'edited')) as Payload<'issues.edited'>;
    Object.assign(payload.issue, { number: options.number, body: options.body, active_lock_reason: null, reactions: NO_REACTIONS(payload.issue.url) });
    for (const label of payload.issue.labels ?? []) Object.assign(label, { description: label.description ?? null });
    Object.assign(payload, { changes: { body: { from: options.before } } });
    return payload;
  }

  /** The example's repository renamed to the fake's (its owner too), as GitHub would send it. */
  private inRepo(payload: Record<string, unknown>): Record<string, unknown> {
    const repository = payload['repository'] as Record<string, unknown> & { owner: Record<string, unknown> };
    // The last three are fields GitHub added after the examples were recorded; its description requires them.
    Object.assign(repository, { name: this.repo, full_name: `${this.owner}/${this.repo}`, has_discussions: false, topics: [], visibility: 'public' });
    Object.assign(repository.owner, { login: this.owner });
    return payload;
  }
}
