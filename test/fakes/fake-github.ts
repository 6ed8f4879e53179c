/**
 * A fake api.github.com for one repository that keeps state (commits, refs, releases, issues, labels,
 * comments, statuses, check runs, pull requests) and refuses any request that GitHub's OpenAPI description
 * does not allow. Only the operations Stagehand uses are implemented; any other valid one answers 501 and
 * counts as a rejection, so a test notices when the code starts calling something new.
 */
import { createHash } from 'node:crypto';
import type { FakeGithubApp } from './fake-github-app.js';
import { FakeHttp, type FakeReply, type FakeRequest } from './fake-http.js';
import { OpenApi } from './openapi.js';

export interface FakeCommit {
  readonly sha: string;
  readonly message: string;
  readonly parent: string | null;
}
export interface FakeRelease {
  readonly id: number;
  readonly tag_name: string;
  readonly target_commitish: string;
  readonly name: string;
  readonly body: string;
  readonly prerelease: boolean;
  /** When it was published (ISO); seeded history sets it, created ones get a fixed date. */
  readonly publishedAt?: string;
}
export interface FakeComment {
  readonly id: number;
  readonly body: string;
}
export interface FakeIssue {
  readonly number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  readonly comments: FakeComment[];
  /** Every body it had, oldest first, to follow the checklist being ticked. */
  readonly bodies: string[];
}
interface Status {
  readonly context: string;
  readonly state: 'success' | 'pending' | 'failure' | 'error';
}
interface CheckRun {
  readonly id: number;
  readonly name: string;
  readonly status: 'queued' | 'in_progress' | 'completed';
  readonly conclusion: string | null;
}

export class FakeGithub {
  readonly http: FakeHttp;
  readonly commits = new Map<string, FakeCommit>();
  /** `heads/master`, `tags/v0.4.0` → commit sha. */
  readonly refs = new Map<string, string>();
  readonly releases: FakeRelease[] = [];
  readonly issues: FakeIssue[] = [];
  readonly labels = new Set<string>();
  readonly pulls: { number: number; title: string; user: string; mergeSha: string }[] = [];
  private readonly statuses = new Map<string, Status[]>();
  private readonly checkRuns = new Map<string, CheckRun[]>();
  /** People's saves waiting for Stagehand's next write of an issue (see personSavesDuringNextWrite). */
  private readonly racingEdits = new Map<number, ((body: string) => string)[]>();
  /** Conditional requests answered 304 (they cost no rate limit on GitHub). */
  notModified = 0;
  /** A GitHub App: when set, it answers the App's routes and only its installation tokens are accepted. */
  app: FakeGithubApp | null = null;
  private nextId = 1;

  constructor(
    private readonly api: OpenApi,
    readonly owner: string,
    readonly repo: string,
    private readonly token: string,
  ) {
    this.http = new FakeHttp((request) => this.serve(request));
    const root = this.addCommit('initial commit', null);
    this.refs.set('heads/master', root);
  }

  // ---- seeding and inspection ------------------------------------------------------------------

  /** A commit on `branch` (optionally the merge of a pull request), returning its sha. */
  commit(branch: string, message: string, pull?: { title: string; user: string }): string {
    const sha = this.addCommit(message, this.refs.get(`heads/${branch}`) ?? null);
    this.refs.set(`heads/${branch}`, sha);
    if (pull) this.pulls.push({ number: 6000 + this.pulls.length, title: pull.title, user: pull.user, mergeSha: sha });
    return sha;
  }

  tag(name: string, sha: string): void {
    this.refs.set(`tags/${name}`, sha);
  }

  /** A GitHub release made before the test (seeded history), tagging `sha` (default: master's head). */
  seedRelease(tag: string, options: { sha?: string; prerelease?: boolean; publishedAt?: string } = {}): void {
    const sha = options.sha ?? this.refs.get('heads/master') ?? '';
    this.refs.set(`tags/${tag}`, sha);
    this.releases.push({ id: this.nextId++, tag_name: tag, target_commitish: 'master', name: tag, body: '', prerelease: options.prerelease ?? false, ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}) });
  }

  /** A release issue people opened (or an earlier tool did), as GitHub would hold it. */
  seedIssue(title: string, body: string, labels: string[]): FakeIssue {
    labels.forEach((l) => this.labels.add(l));
    const issue: FakeIssue = { number: this.issues.length + 1, title, body, state: 'open', labels, comments: [], bodies: [body] };
    this.issues.push(issue);
    return issue;
  }

  /** How many requests of `method` whose path matches `path` the fake answered (any status). */
  count(method: string, path: RegExp): number {
    return this.http.requests.filter((r) => r.startsWith(`${method} `) && path.test(r.split(' ')[1] ?? '')).length;
  }

  setStatus(ref: string, context: string, state: Status['state']): void {
    const sha = this.resolve(ref) ?? ref;
    this.statuses.set(sha, [...(this.statuses.get(sha) ?? []).filter((s) => s.context !== context), { context, state }]);
  }

  setCheckRun(ref: string, name: string, status: CheckRun['status'], conclusion: string | null = null): void {
    const sha = this.resolve(ref) ?? ref;
    this.checkRuns.set(sha, [...(this.checkRuns.get(sha) ?? []).filter((r) => r.name !== name), { id: this.nextId++, name, status, conclusion }]);
  }

  /** A person edits an issue's body on GitHub (the edit gets the body as it is now). */
  personEdits(number: number, edit: (body: string) => string): void {
    const issue = this.issueNumbered(number);
    issue.body = edit(issue.body);
    issue.bodies.push(issue.body);
  }

  /**
   * A person's save that races Stagehand's next write of the issue: they opened the editor before that write
   * and save right after it, so their edit is made to the body as it was before the write and replaces it,
   * landing between Stagehand's write and its read back (as GitHub's web editor would).
   */
  personSavesDuringNextWrite(number: number, edit: (body: string) => string): void {
    this.racingEdits.set(number, [...(this.racingEdits.get(number) ?? []), edit]);
  }

  private issueNumbered(number: number): FakeIssue {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  }

  branches(): string[] {
    return [...this.refs.keys()].filter((r) => r.startsWith('heads/')).map((r) => r.slice(6));
  }

  // ---- the API ---------------------------------------------------------------------------------

  private async serve(request: FakeRequest): Promise<FakeReply> {
    const checked = this.api.check(request.method, request.rawPath, request.query, request.body);
    if (!checked.ok) return this.http.reject(request, checked.status, checked.problem);
    const auth = request.headers.authorization ?? '';
    if (this.app) {
      const answer = this.app.answer(request, checked.operation.id, checked.params);
      if (answer) return answer;
    } else if (auth !== `token ${this.token}` && auth !== `bearer ${this.token}` && auth !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials' } };
    }
    const { params, operation } = checked;
    if (params['owner'] !== this.owner || params['repo'] !== this.repo) return { status: 404, body: { message: 'Not Found' } };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = request.query;
    switch (operation.id) {
      case 'repos/get-commit':
        return this.getCommit(params['ref'] ?? '');
      case 'git/get-ref':
        return this.getRef(params['ref'] ?? '', request.headers['if-none-match']);
      case 'git/create-ref':
        return this.createRef(String(body['ref']), String(body['sha']));
      case 'repos/get-release-by-tag': {
        const release = this.releases.find((r) => r.tag_name === params['tag']);
        return release ? { status: 200, body: this.releaseJson(release) } : notFound();
      }
      case 'repos/list-tags':
        return this.page(request, this.tagsJson());
      case 'repos/list-releases':
        return this.page(request, [...this.releases].reverse().map((r) => this.releaseJson(r)));
      case 'repos/generate-release-notes':
        return this.generateNotes(String(body['tag_name']), body['target_commitish'] as string | undefined, body['previous_tag_name'] as string | undefined);
      case 'repos/create-release':
        return this.createRelease(body);
      case 'issues/list-for-repo':
        return this.page(request, this.listIssues(q).map((i) => this.issueJson(i)));
      case 'issues/create':
        return this.createIssue(body);
      case 'issues/get': {
        const issue = this.issues.find((i) => i.number === Number(params['issue_number']));
        return issue ? { status: 200, body: this.issueJson(issue) } : notFound();
      }
      case 'issues/update':
        return this.updateIssue(Number(params['issue_number']), body);
      case 'issues/list-comments': {
        const issue = this.issues.find((i) => i.number === Number(params['issue_number']));
        return issue ? this.page(request, issue.comments.map((c) => ({ id: c.id, body: c.body, user: { login: 'stagehand-bot' } }))) : notFound();
      }
      case 'issues/create-comment': {
        const issue = this.issues.find((i) => i.number === Number(params['issue_number']));
        if (!issue) return notFound();
        const comment = { id: this.nextId++, body: String(body['body']) };
        issue.comments.push(comment);
        return { status: 201, body: { id: comment.id, body: comment.body } };
      }
      case 'repos/get-combined-status-for-ref':
        return this.combinedStatus(params['ref'] ?? '');
      case 'checks/list-for-ref':
        return this.listCheckRuns(params['ref'] ?? '');
      case 'repos/compare-commits-with-basehead':
        return this.compare(params['basehead'] ?? '');
      default:
        return this.http.reject(request, 501, `the fake does not implement ${operation.id}`);
    }
  }

  private getCommit(ref: string): FakeReply {
    const sha = this.resolve(ref);
    const commit = sha ? this.commits.get(sha) : undefined;
    if (!commit) return { status: 422, body: { message: `No commit found for SHA: ${ref}` } };
    return { status: 200, body: this.commitJson(commit) };
  }

  private getRef(ref: string, ifNoneMatch: string | undefined): FakeReply {
    const sha = this.refs.get(ref);
    if (!sha) return notFound();
    const etag = `"${createHash('sha1').update(`${ref}:${sha}`).digest('hex')}"`;
    if (ifNoneMatch === etag) {
      this.notModified++;
      return { status: 304, headers: { etag } };
    }
    return { status: 200, headers: { etag }, body: { ref: `refs/${ref}`, node_id: 'x', url: 'x', object: { sha, type: 'commit', url: 'x' } } };
  }

  private createRef(ref: string, sha: string): FakeReply {
    if (!/^refs\/[^/]+\/.+/.test(ref)) return { status: 422, body: { message: `${ref} is not a valid ref name.` } };
    if (!this.commits.has(sha)) return { status: 422, body: { message: 'Object does not exist' } };
    const name = ref.slice(5);
    if (this.refs.has(name)) return { status: 422, body: { message: 'Reference already exists' } };
    this.refs.set(name, sha);
    return { status: 201, body: { ref, object: { sha, type: 'commit' } } };
  }

  private generateNotes(tag: string, target: string | undefined, previous: string | undefined): FakeReply {
    const head = this.resolve(`tags/${tag}`) ?? (target ? this.resolve(target) : undefined);
    if (!head) return { status: 422, body: { message: 'Validation Failed' } };
    const base = previous ? this.resolve(`tags/${previous}`) : this.latestReleaseSha();
    if (previous && !base) return notFound();
    const merged = new Set(this.between(base ?? null, head).map((c) => c.sha));
    const pulls = this.pulls.filter((p) => merged.has(p.mergeSha));
    const url = `https://github.com/${this.owner}/${this.repo}`;
    const lines = pulls.length
      ? ["## What's Changed", ...pulls.map((p) => `* ${p.title} by @${p.user} in ${url}/pull/${p.number}`)]
      : ['No pull requests were merged.'];
    if (previous) lines.push('', `**Full Changelog**: ${url}/compare/${previous}...${tag}`);
    return { status: 200, body: { name: tag, body: lines.join('\n') } };
  }

  private createRelease(body: Record<string, unknown>): FakeReply {
    const tag = String(body['tag_name']);
    if (this.releases.some((r) => r.tag_name === tag)) {
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] } };
    }
    const target = String(body['target_commitish'] ?? 'master');
    if (!this.refs.has(`tags/${tag}`)) {
      const sha = this.resolve(target);
      if (!sha) return { status: 422, body: { message: 'Validation Failed', errors: [{ field: 'target_commitish', code: 'invalid' }] } };
      this.refs.set(`tags/${tag}`, sha);
    }
    const release: FakeRelease = { id: this.nextId++, tag_name: tag, target_commitish: target, name: String(body['name'] ?? tag), body: String(body['body'] ?? ''), prerelease: body['prerelease'] === true };
    this.releases.push(release);
    return { status: 201, body: this.releaseJson(release) };
  }

  private listIssues(q: URLSearchParams): FakeIssue[] {
    const state = q.get('state') ?? 'open';
    const labels = (q.get('labels') ?? '').split(',').filter(Boolean);
    return this.issues
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => labels.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
  }

  private createIssue(body: Record<string, unknown>): FakeReply {
    const labels = ((body['labels'] as unknown[] | undefined) ?? []).map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name)));
    labels.forEach((l) => this.labels.add(l));
    const issue: FakeIssue = { number: this.issues.length + 1, title: String(body['title']), body: String(body['body'] ?? ''), state: 'open', labels, comments: [], bodies: [] };
    issue.bodies.push(issue.body);
    this.issues.push(issue);
    return { status: 201, body: this.issueJson(issue) };
  }

  private updateIssue(number: number, body: Record<string, unknown>): FakeReply {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) return notFound();
    const before = issue.body;
    if (typeof body['title'] === 'string') issue.title = body['title'];
    if (typeof body['body'] === 'string' && body['body'] !== issue.body) {
      issue.body = body['body'];
      issue.bodies.push(issue.body);
    }
    if (body['state'] === 'open' || body['state'] === 'closed') issue.state = body['state'];
    const answer = { status: 200, body: this.issueJson(issue) };
    const racing = this.racingEdits.get(number)?.shift();
    if (racing && typeof body['body'] === 'string') {
      issue.body = racing(before);
      issue.bodies.push(issue.body);
    }
    return answer;
  }

  private combinedStatus(ref: string): FakeReply {
    const sha = this.resolve(ref);
    if (!sha) return notFound();
    const statuses = this.statuses.get(sha) ?? [];
    const state = statuses.some((s) => s.state === 'failure' || s.state === 'error') ? 'failure' : statuses.length > 0 && statuses.every((s) => s.state === 'success') ? 'success' : 'pending';
    return { status: 200, body: { state, sha, total_count: statuses.length, statuses: statuses.map((s, i) => ({ id: i + 1, context: s.context, state: s.state, description: null })) } };
  }

  private listCheckRuns(ref: string): FakeReply {
    const sha = this.resolve(ref);
    if (!sha) return notFound();
    const runs = this.checkRuns.get(sha) ?? [];
    return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => ({ ...r, head_sha: sha })) } };
  }

  private compare(basehead: string): FakeReply {
    const [baseRef = '', headRef = ''] = basehead.split('...');
    const base = this.resolve(baseRef);
    const head = this.resolve(headRef);
    if (!base || !head) return notFound();
    const commits = this.between(base, head);
    return { status: 200, body: { status: commits.length ? 'ahead' : 'identical', ahead_by: commits.length, behind_by: 0, total_commits: commits.length, commits: commits.map((c) => this.commitJson(c)) } };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private addCommit(message: string, parent: string | null): string {
    const sha = createHash('sha1').update(`${this.commits.size}:${message}`).digest('hex');
    this.commits.set(sha, { sha, message, parent });
    return sha;
  }

  /** A branch, tag, `heads/x`, `tags/x` or (abbreviated) sha → commit sha. */
  resolve(ref: string): string | undefined {
    const direct = this.refs.get(ref) ?? this.refs.get(`heads/${ref}`) ?? this.refs.get(`tags/${ref}`);
    if (direct) return direct;
    if (/^[0-9a-f]{7,40}$/.test(ref)) return [...this.commits.keys()].find((sha) => sha.startsWith(ref));
    return undefined;
  }

  /** Commits reachable from head but not from base, oldest first (the history here is linear). */
  private between(base: string | null, head: string): FakeCommit[] {
    const out: FakeCommit[] = [];
    for (let at: string | null = head; at && at !== base; at = this.commits.get(at)?.parent ?? null) {
      const commit = this.commits.get(at);
      if (!commit) break;
      out.unshift(commit);
    }
    return out;
  }

  private latestReleaseSha(): string | undefined {
    const latest = [...this.releases].reverse().find((r) => !r.prerelease);
    return latest ? this.resolve(`tags/${latest.tag_name}`) : undefined;
  }

  private page(request: FakeRequest, items: unknown[]): FakeReply {
    const q = request.query;
    const perPage = Number(q.get('per_page') ?? 30);
    const page = Number(q.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const more = items.length > page * perPage;
    const next = new URLSearchParams(q);
    next.set('page', String(page + 1));
    return { status: 200, body: slice, ...(more ? { headers: { link: `<${this.http.url}${request.rawPath}?${next.toString()}>; rel="next"` } } : {}) };
  }

  private commitJson(c: FakeCommit) {
    return { sha: c.sha, commit: { message: c.message }, parents: c.parent ? [{ sha: c.parent }] : [] };
  }

  /** Tags newest first by name, as GitHub lists them (its order is not by version either). */
  private tagsJson() {
    return [...this.refs]
      .filter(([ref]) => ref.startsWith('tags/'))
      .map(([ref, sha]) => ({ name: ref.slice(5), commit: { sha, url: 'x' }, zipball_url: 'x', tarball_url: 'x', node_id: 'x' }))
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  private releaseJson({ publishedAt, ...r }: FakeRelease) {
    return { ...r, draft: false, published_at: publishedAt ?? '2019-05-29T00:00:00Z', html_url: `https://github.com/${this.owner}/${this.repo}/releases/tag/${r.tag_name}` };
  }

  private issueJson(i: FakeIssue) {
    return { number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels.map((name) => ({ name })) };
  }
}

const notFound = (): FakeReply => ({ status: 404, body: { message: 'Not Found' } });
