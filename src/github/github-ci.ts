/**
 * The 0→1 gate's view of CI on GitHub: the combined commit status and the check runs of the release
 * branch's head. Green only when something reported and nothing is failing or still running.
 */
import type { Octokit } from 'octokit';
import type { CiSource } from '../desk/ci-source.js';
import type { CiStatus } from '../release/gates.js';
import { statusOf, unaskedReason, type GithubTarget } from './github-api.js';

/** Check-run conclusions that block a release (neutral and skipped do not). */
const BLOCKING = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);

export class GithubCi implements CiSource {
  constructor(
    private readonly gh: Octokit,
    private readonly repo: GithubTarget,
  ) {}

  async statusOf(branch: string): Promise<CiStatus> {
    try {
      const [combined, runs] = await Promise.all([
        this.gh.rest.repos.getCombinedStatusForRef({ ...this.repo, ref: branch, per_page: 100 }),
        this.gh.paginate(this.gh.rest.checks.listForRef, { ...this.repo, ref: branch, per_page: 100 }),
      ]);
      const statuses = combined.data.statuses;
      const failing = [
        ...statuses.filter((s) => s.state === 'failure' || s.state === 'error').map((s) => s.context),
        ...runs.filter((r) => r.status === 'completed' && BLOCKING.has(r.conclusion ?? '')).map((r) => r.name),
      ];
      if (failing.length > 0) return { state: 'failing', failing };
      const running = [
        ...statuses.filter((s) => s.state === 'pending').map((s) => s.context),
        ...runs.filter((r) => r.status !== 'completed').map((r) => r.name),
      ];
      if (running.length > 0) return { state: 'pending', running };
      if (statuses.length === 0 && runs.length === 0) return { state: 'pending', running: [`no CI has reported on ${combined.data.sha.slice(0, 7)} yet`] };
      return { state: 'green' };
    } catch (error) {
      if (statusOf(error) === 404) return { state: 'unknown', reason: `GitHub does not know the branch ${branch}` };
      return { state: 'unknown', reason: `GitHub could not be asked (${unaskedReason(error)})` };
    }
  }
}
