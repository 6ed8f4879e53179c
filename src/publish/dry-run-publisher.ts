import type { Clock } from '../ground/clock.js';
import type { IssueChecklistMemory } from '../store/issue-checklist-repo.js';
import type { PostLog } from '../store/post-log.js';
import { planIssue } from './dry-run-issue.js';
import { audienceOf, type Destination, type EffectPayload, type OutboxEffect } from '../ground/effects.js';
import type { DeliveryOutcome, PostSink, Publisher } from './publisher.js';

/**
 * Local mode's stand-in for a real network: it shows what would be posted instead of posting it.
 * Its "remote" is the dry-run log in the store, so a re-delivery after a crash is recognised and not
 * shown twice — the same contract the real publishers keep with GitHub or Twitter.
 */
export class DryRunPublisher implements Publisher {
  constructor(
    readonly destination: Destination,
    private readonly log: PostLog,
    private readonly sink: PostSink,
    private readonly clock: Clock,
    private readonly targetNames: readonly string[] = [''],
    /** GitHub's dry run: its copy of each release issue, so an update names the boxes it changes. */
    private readonly issues?: IssueChecklistMemory,
  ) {}

  targets(): readonly string[] {
    return this.targetNames;
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const { payload } = effect;
    const plan = this.issues && (payload.action === 'open-issue' || payload.action === 'update-issue') ? planIssue(payload, this.issues, this.clock) : null;
    const lines = plan?.lines ?? describePayload(payload);
    if (!this.log.record(effect.key, effect.destination, effect.target, this.clock.now(), lines.join('\n'))) {
      return { kind: 'delivered', already: true };
    }
    plan?.commit();
    const audience = audienceOf(effect.payload);
    const where = [effect.destination, effect.target, audience === 'announce' ? '' : `${audience} room`].filter(Boolean).join(' ');
    this.sink.show(where, lines);
    return { kind: 'delivered' };
  }
}

/** What a post would say, as lines: the first names the action, the rest carry its text. */
export function describePayload(payload: EffectPayload): string[] {
  switch (payload.action) {
    case 'announce': {
      const lines = payload.text.split('\n');
      const mentions = payload.mentions ?? [];
      return mentions.length ? [`${mentions.map((m) => `@${m}`).join(' ')}: ${lines[0] ?? ''}`, ...lines.slice(1)] : lines;
    }
    case 'create-branch':
      return [`create branch ${payload.branch} from ${payload.from} (unless it exists)`];
    case 'create-prerelease':
      return [`create pre-release ${payload.tag} on ${payload.branch}: "${payload.title}"`, ...payload.notes.split('\n')];
    case 'create-release':
      return [`publish release ${payload.tag} (not a pre-release) on ${payload.branch}: "${payload.title}"`, ...payload.notes.split('\n')];
    case 'open-issue':
      return [`open issue "${payload.title}" labelled ${payload.labels.join(', ')}`, ...payload.body.split('\n')];
    case 'update-issue': {
      const passed = payload.checklist?.passed ?? [];
      return [
        `comment on "${payload.title ?? `Release ${payload.version}`}":`,
        ...payload.comment.split('\n').map((l) => `  ${l}`),
        payload.checklist
          ? `update the checklist: ${passed.length ? `stages ${passed.join(', ')} passed` : 'no stage passed'} for this RC`
          : `update the checklist from the body queued by an earlier version`,
        ...(payload.close ? [`close the issue`] : []),
      ];
    }
    case 'write-draft':
      return [`blog post draft ${payload.fileName}`, ...payload.markdown.split('\n')];
    case 'poll-start':
      return [
        `poll: ${payload.question}`,
        `  answers: ${payload.answers.map((a) => `${a.id} = ${a.text}`).join(' | ')}`,
        ...(payload.mentions.length ? [`  asking: ${payload.mentions.map((m) => `@${m}`).join(' ')}`] : []),
      ];
    case 'poll-end':
      return [payload.text];
  }
}
