/**
 * What the release issue says when it is closed at stage 4: the timeline of every RC's stays in each
 * stage and how the early testers signed off, so the issue alone tells the release's story.
 */
import type { OrgSignoff } from '../release/signoff.js';
import { stageLabel, type TestEnvironment } from '../release/stages.js';
import type { Release } from '../release/types.js';
import { inertMarkdown } from './inert-markdown.js';
import { formatDateTime } from '../ground/time-format.js';

/** The testers' answers for one environment of the released RC. */
export interface SignoffRecord {
  readonly environment: TestEnvironment;
  readonly orgs: readonly OrgSignoff[];
}

export function closingSummary(release: Release, signoff: readonly SignoffRecord[], timeZone: string): string {
  const timeline = release.visits.map((v) => {
    const how = v.exit === 'restarted' ? ' — restarted' : v.exit === 'aborted' ? ' — aborted' : '';
    const override = v.override ? ` — gate overridden by ${v.override.by}: ${inertMarkdown(v.override.reason)}` : '';
    return `- rc${v.rc} ${stageLabel(v.stage)}: ${formatDateTime(v.enteredAt, timeZone)}${how}${override}`;
  });
  const lines = ['**Timeline**', '', ...timeline];
  for (const round of signoff) {
    lines.push('', `**Early testers' sign-off (${round.environment})**`, '');
    if (round.orgs.length === 0) lines.push('- no organisation takes part');
    for (const org of round.orgs) {
      const note = org.decisive?.note ? ` (${inertMarkdown(org.decisive.note)})` : '';
      lines.push(`- ${org.org}: ${org.state}${org.decisive ? ` by ${org.decisive.person}` : ''}${note}`);
    }
  }
  return lines.join('\n');
}
