/**
 * The release issue body: the project's checklist (config/release-checklist.md) with the items of every
 * stage the current RC has passed ticked. A restart re-opens the list from stage 0, as the go-ipfs
 * release template asks ("uncheck and return to stage 0").
 */
import { stagePath, type Stage } from '../release/stages.js';
import type { Release } from '../release/types.js';

const STAGE_HEADING = /^#{2,3}\s*Stage\s+([0-4])\b/i;
// `s`: the rest of the line may end in \r (a checklist saved with CRLF line endings).
const ITEM = /^(\s*[-*]\s+)\[[ xX]\](.*)$/s;

export function tickChecklist(rendered: string, release: Release): string {
  const path = stagePath(release.process);
  const done = (stage: Stage): boolean => release.status === 'released' || (path.includes(stage) && stage < release.stage);
  let section: Stage | null = null;
  const out: string[] = [];
  for (const line of rendered.split('\n')) {
    const heading = STAGE_HEADING.exec(line);
    if (heading) {
      section = Number(heading[1]) as Stage;
      out.push(line);
      if (!path.includes(section)) out.push('', `_Skipped: ${release.process} releases do not go through this stage._`);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) section = null;
    const item = ITEM.exec(line);
    if (item && section !== null) {
      if (!path.includes(section)) continue;
      out.push(`${item[1]}[${done(section) ? 'x' : ' '}]${item[2]}`);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
