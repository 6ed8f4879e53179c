/**
 * Turns what happened into the exact posts that leave the bot. Texts are rendered here, at commit time,
 * so a delivery retried after a restart posts the same words even if the templates changed meanwhile.
 */
import type { Config } from '../config/schema.js';
import type { Destination, EffectDraft, EffectPayload, IssueChecklist } from '../ground/effects.js';
import { planFor, type PlannedPost } from '../release/communication-plan.js';
import { enrolledFor, type OrgSignoff, type TesterOrg } from '../release/signoff.js';
import { environmentOf, STAGE_NAMES, stageLabel } from '../release/stages.js';
import type { Occurrence, Release } from '../release/types.js';
import { formatVersion, rcTag, releaseBranch } from '../release/version.js';
import { passedStages, tickChecklist } from './checklist.js';
import { closingSummary, type SignoffRecord } from './closing-summary.js';
import { inertMarkdown } from './inert-markdown.js';
import { POLL_ANSWERS, pollQuestion, pollResults, pollText } from './poll-texts.js';
import { statusBlock as markedStatus, withStatusBlock } from './status-block.js';
import type { TemplateVars, Templates } from './templates.js';
import { fitTweet } from './tweet-fit.js';
import { formatDate, formatDateTime } from '../ground/time-format.js';
import { fillVersionPlaceholders, templateTitle } from './version-placeholders.js';

export interface ProjectInfo {
  readonly name: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  readonly defaultBranch: string;
  readonly timeZone: string;
  readonly issueLabel: string;
  /** The chat command prefix, so announcements show testers the command they can actually type. */
  readonly commandPrefix: string;
}

export function projectInfoOf(config: Config): ProjectInfo {
  return {
    name: config.project.name,
    repo: config.project.repo,
    defaultBranch: config.project.defaultBranch,
    timeZone: config.timeZone,
    issueLabel: config.project.issueLabel,
    commandPrefix: config.commandPrefix,
  };
}

export interface ComposeInput {
  readonly release: Release;
  readonly occurrence: Occurrence;
  readonly actor: string;
  readonly at: number;
  readonly testers: readonly TesterOrg[];
  /** Where the release branch starts: the default branch, or the release a patch builds on. */
  readonly base: string;
  /** The newest release before this one (`v0.4.22`), for "changes since"; null if none is known. */
  readonly previousRelease: string | null;
  readonly projectedRelease: number | null;
  /** The released RC's tester answers, for the summary the release issue is closed with (stage 4). */
  readonly signoff?: readonly SignoffRecord[];
  /** The testers' round being left (stage 2 or 3), whose poll is closed with these results. */
  readonly closingRound?: ClosingRound | null;
  /** A person's display name, for poll results. */
  readonly nameOf?: (personId: string) => string;
}

export interface ClosingRound {
  readonly rc: number;
  readonly stage: 2 | 3;
  readonly signoff: readonly OrgSignoff[];
}

export class EffectComposer {
  constructor(
    private readonly templates: Templates,
    private readonly project: ProjectInfo,
  ) {}

  compose(input: ComposeInput): EffectDraft[] {
    const vars = this.variables(input);
    const scope = keyScope(input);
    // A poll opened by an adoption is the stage's poll: keyed as entering the stage would key it, so the
    // poll-end on leaving the stage finds its start.
    const pollScope = input.occurrence.type === 'adopted' ? stageScope(rcTag(input.release.version, input.release.rc), input.occurrence.stage) : scope;
    return planFor(input.occurrence).map((post) => ({
      key: draftKey('poll' in post ? pollScope : scope, post.destination, postName(post)),
      destination: post.destination,
      payload: this.payload(post, input, vars),
    }));
  }

  /**
   * The release issue as Stagehand first writes it: the template with `{{…}}` and the go-ipfs placeholders
   * (`X.Y.Z`, `X.(Y+1).0`) filled, the stages' boxes set, and the status block (where the template puts
   * `{{status}}`, else after its title heading). The title is the template's own when it names one.
   */
  issue(release: Release, vars: TemplateVars): { title: string; body: string } {
    const version = formatVersion(release.version);
    const named = templateTitle(this.templates.render('release-checklist', { ...vars, status: markedStatus(vars.status ?? '') }));
    const body = withStatusBlock(tickChecklist(fillVersionPlaceholders(named.body, release.version), release), vars.status ?? '');
    return { title: named.title ? fillVersionPlaceholders(named.title, release.version) : issueTitle(version), body };
  }

  /** The issue's title as issue() gives it: the checklist template's own when it names one, else `Release vX.Y.Z`. */
  private titleOf(release: Release, vars: TemplateVars): string {
    const named = templateTitle(this.templates.render('release-checklist', vars)).title;
    return named ? fillVersionPlaceholders(named, release.version) : issueTitle(formatVersion(release.version));
  }

  private payload(post: PlannedPost, input: ComposeInput, vars: TemplateVars): EffectPayload {
    const { release } = input;
    const version = formatVersion(release.version);
    if ('announce' in post) {
      const text = this.templates.render(post.announce, vars);
      // X's limit is met here, not at delivery: what is stored, shown in rehearsal and posted is one text.
      return { action: 'announce', text: post.destination === 'twitter' ? fitTweet(text, vars.releaseUrl) : text };
    }
    if ('poll' in post) return this.pollPayload(post, input);
    if ('blog' in post) return { action: 'write-draft', fileName: `${version}.md`, markdown: this.templates.render('blog-post', vars) };
    switch (post.github) {
      case 'create-branch':
        return { action: 'create-branch', branch: releaseBranch(release.version), from: input.base };
      case 'create-prerelease':
        return {
          action: 'create-prerelease',
          tag: rcTag(release.version, release.rc),
          branch: releaseBranch(release.version),
          title: `${this.project.name} ${rcTag(release.version, release.rc)}`,
          notes: this.templates.render('prerelease-notes', vars),
          previousTag: input.previousRelease,
        };
      case 'create-release':
        return {
          action: 'create-release',
          tag: version,
          branch: releaseBranch(release.version),
          title: `${this.project.name} ${version}`,
          notes: this.templates.render('release-notes', vars),
          previousTag: input.previousRelease,
        };
      case 'open-issue':
        return { action: 'open-issue', version, ...this.issue(release, vars), labels: [this.project.issueLabel], checklist: checklistOf(release, vars) };
      case 'update-issue':
        return { action: 'update-issue', version, title: this.titleOf(release, vars), comment: this.comment(input), close: release.status !== 'active', checklist: checklistOf(release, vars) };
    }
  }

  private pollPayload(post: Extract<PlannedPost, { poll: string }>, input: ComposeInput): EffectPayload {
    const { release } = input;
    const version = formatVersion(release.version);
    if (post.poll === 'poll-start') {
      const stage = release.stage === 3 ? 3 : 2;
      const environment = environmentOf(stage) ?? 'dev';
      const tag = rcTag(release.version, release.rc);
      const question = pollQuestion(this.project.name, tag, environment);
      const mentions = [...new Set(enrolledFor(input.testers, environment).flatMap((t) => t.people))];
      return { action: 'poll-start', release: version, rc: release.rc, stage, question, answers: POLL_ANSWERS, mentions, text: pollText(question, this.project.commandPrefix) };
    }
    const round = input.closingRound;
    if (!round) throw new Error('a poll-end needs the round it closes');
    const tag = rcTag(release.version, round.rc);
    const text = pollResults(tag, environmentOf(round.stage) ?? 'dev', round.signoff, input.nameOf ?? ((id) => id));
    return { action: 'poll-end', release: version, rc: round.rc, stage: round.stage, startKey: draftKey(stageScope(tag, round.stage), post.destination, 'poll-start'), text };
  }

  /** A comment on the release issue: person-typed reasons and notes in it are made inert markdown. */
  private comment(input: ComposeInput): string {
    const { release, occurrence, actor } = input;
    const when = `${formatDateTime(input.at, this.project.timeZone)} (${this.project.timeZone})`;
    const tag = rcTag(release.version, release.rc);
    switch (occurrence.type) {
      case 'stage-entered': {
        const lines = [
          occurrence.stage === 4
            ? `Released ${formatVersion(release.version)} from ${tag}: ${actor} moved it to stage 4 on ${when}.`
            : `${tag} entered ${stageLabel(occurrence.stage)}: moved by ${actor} on ${when}.`,
        ];
        if (occurrence.override) {
          lines.push(`Gate out of stage ${occurrence.from} overridden by ${occurrence.override.by}: ${inertMarkdown(occurrence.override.reason)} (it was missing: ${inertMarkdown(occurrence.override.missing)}).`);
        }
        if (occurrence.stage === 4) lines.push(closingSummary(release, input.signoff ?? [], this.project.timeZone));
        return lines.join('\n\n');
      }
      case 'restarted':
        return `Restarted at stage 0 with ${tag} by ${actor} on ${when} (it was at ${stageLabel(occurrence.fromStage)}): ${inertMarkdown(occurrence.reason)}\n\nThe checklist is re-opened from stage 0; stages already completed once take a compressed time.`;
      case 'aborted':
        return `Aborted by ${actor} on ${when} at ${stageLabel(occurrence.fromStage)}: ${inertMarkdown(occurrence.reason)}`;
      case 'started':
        return `Release started by ${actor} on ${when}.`;
      case 'adopted':
        return `Release adopted by ${actor} on ${when} at ${occurrence.tag}, ${stageLabel(occurrence.stage)}.`;
    }
  }

  /**
   * A search for the release issue by the title it is opened with: the checklist template's own title when
   * it names one (`go-ipfs 0.4.22 Release`), else `Release v0.4.22` — the same choice as issue() makes.
   */
  private issueSearchUrl(release: Release, vars: TemplateVars): string {
    const title = this.titleOf(release, vars);
    // A quote would end the phrase early; GitHub's search ignores it anyway.
    const query = `is:issue label:${this.project.issueLabel} "${title.replace(/"/g, ' ')}"`;
    return `https://github.com/${this.project.repo}/issues?q=${encodeURIComponent(query)}`;
  }

  private variables(input: ComposeInput): TemplateVars {
    const { release, occurrence } = input;
    const version = formatVersion(release.version);
    const tag = release.status === 'released' ? version : rcTag(release.version, release.rc);
    const env = environmentOf(release.stage);
    const testers = env ? enrolledFor(input.testers, env).map((t) => t.org) : input.testers.map((t) => t.org);
    const releaseUrl = `https://github.com/${this.project.repo}/releases/tag/${tag}`;
    const changelog = input.previousRelease
      ? `https://github.com/${this.project.repo}/compare/${input.previousRelease}...${tag}`
      : `https://github.com/${this.project.repo}/commits/${releaseBranch(release.version)}`;
    const projected = input.projectedRelease === null ? 'not projected' : formatDate(input.projectedRelease, this.project.timeZone);
    return {
      project: this.project.name,
      repo: this.project.repo,
      version,
      tag,
      rc: String(release.rc),
      kind: release.kind,
      branch: releaseBranch(release.version),
      stage: String(release.stage),
      stageName: STAGE_NAMES[release.stage],
      releaseUrl,
      issueUrl: this.issueSearchUrl(release, { project: this.project.name, repo: this.project.repo, version, tag, rc: String(release.rc), kind: release.kind }),
      testers: testers.join(', '),
      reason: occurrence.type === 'restarted' || occurrence.type === 'aborted' ? occurrence.reason : '',
      date: formatDate(input.at, this.project.timeZone),
      projectedRelease: projected,
      changelog,
      status: statusBlock(release, this.project.timeZone, { releaseUrl, changelog, projected }),
      previousTag: release.rc > 1 ? rcTag(release.version, release.rc - 1) : '',
      prefix: this.project.commandPrefix,
      testing:
        release.process === 'patch'
          ? "internal testing and the early testers' production testing"
          : "internal testing and the early testers' dev and production testing",
    };
  }
}

export const issueTitle = (version: string): string => `Release ${version}`;

const checklistOf = (release: Release, vars: TemplateVars): IssueChecklist => ({ passed: passedStages(release), status: vars.status ?? '' });

/** A draft's key: what it is about (its scope), where it goes, and which post it is. */
const draftKey = (scope: string, destination: Destination, name: string): string => `${scope}/${destination}/${name}`;
/** The scope of the posts made when an RC enters a stage before the release (`v0.5.0-rc1/stage-2`). */
const stageScope = (tag: string, stage: number): string => `${tag}/stage-${stage}`;

function keyScope({ release, occurrence }: ComposeInput): string {
  const version = formatVersion(release.version);
  const tag = rcTag(release.version, release.rc);
  switch (occurrence.type) {
    case 'started':
      return `${tag}/start`;
    case 'adopted':
      return `${tag}/adopt`;
    case 'restarted':
      return `${tag}/cut`;
    case 'aborted':
      return `${version}/abort`;
    case 'stage-entered':
      return occurrence.stage === 4 ? `${version}/release` : stageScope(tag, occurrence.stage);
  }
}

function postName(post: PlannedPost): string {
  if ('announce' in post) return post.announce;
  if ('poll' in post) return post.poll;
  if ('blog' in post) return post.blog;
  return post.github;
}

/** The status block's content: where the release stands, its RCs and timeline, and its links. */
function statusBlock(release: Release, timeZone: string, links: { releaseUrl: string; changelog: string; projected: string }): string {
  const current = release.visits[release.visits.length - 1];
  const tag = rcTag(release.version, release.rc);
  const lines: string[] = [];
  if (release.status === 'active' && current) {
    lines.push(`**Now:** \`${tag}\` in ${stageLabel(release.stage)} since ${formatDate(current.enteredAt, timeZone)} · branch \`${releaseBranch(release.version)}\` · projected release: ${links.projected}`);
  } else {
    lines.push(`**Status:** ${release.status}${release.endedAt ? ` on ${formatDate(release.endedAt, timeZone)}` : ''} (last RC \`${tag}\`)`);
  }
  const restarts = release.visits.filter((v) => v.exit === 'restarted');
  if (restarts.length > 0) {
    lines.push(`**RCs:** ${restarts.map((v) => `rc${v.rc} (restarted at stage ${v.stage})`).join(', ')}, rc${release.rc}`);
  }
  const byRc = new Map<number, string[]>();
  for (const v of release.visits) byRc.set(v.rc, [...(byRc.get(v.rc) ?? []), `stage ${v.stage} ${formatDate(v.enteredAt, timeZone)}`]);
  lines.push(`**Timeline:** ${[...byRc].map(([rc, steps]) => `rc${rc}: ${steps.join(' → ')}`).join('; ')}`);
  lines.push(`**Links:** [${release.status === 'released' ? formatVersion(release.version) : tag}](${links.releaseUrl}) · [changes](${links.changelog})`);
  const overrides = release.visits.filter((v) => v.override !== null);
  for (const v of overrides) {
    lines.push(`**Override:** rc${v.rc} stage ${v.stage} gate passed by ${v.override?.by}: ${inertMarkdown(v.override?.reason ?? '')}`);
  }
  return lines.join('  \n');
}
