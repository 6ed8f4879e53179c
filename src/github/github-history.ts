/**
 * The project's release history on GitHub: its tags and its GitHub releases (a release's publication date
 * dates the version). Drafts are not releases yet and are skipped; the tag parser ignores other tags.
 */
import type { Octokit } from 'octokit';
import type { HistorySource } from '../desk/history-source.js';
import type { TagRecord } from '../release/tag-history.js';
import { unaskedReason, type GithubTarget } from './github-api.js';

export class GithubHistory implements HistorySource {
  readonly origin = 'github' as const;
  readonly description: string;

  constructor(
    private readonly gh: Octokit,
    private readonly repo: GithubTarget,
  ) {
    this.description = `GitHub ${repo.owner}/${repo.repo}`;
  }

  async read(): Promise<readonly TagRecord[]> {
    try {
      return await this.readAll();
    } catch (error) {
      // Only the status and GitHub's message, or the real cause of no answer (Octokit calls that a 500):
      // never the request (its headers carry the token).
      throw new Error(unaskedReason(error));
    }
  }

  private async readAll(): Promise<readonly TagRecord[]> {
    const tags = await this.gh.paginate(this.gh.rest.repos.listTags, { ...this.repo, per_page: 100 });
    const releases = await this.gh.paginate(this.gh.rest.repos.listReleases, { ...this.repo, per_page: 100 });
    return [
      ...tags.map((t) => ({ name: t.name })),
      ...releases.filter((r) => !r.draft).map((r) => ({ name: r.tag_name, at: dateOf(r.published_at ?? r.created_at) })),
    ];
  }
}

const dateOf = (text: string | null | undefined): number | null => {
  const at = text ? Date.parse(text) : NaN;
  return Number.isFinite(at) ? at : null;
};
