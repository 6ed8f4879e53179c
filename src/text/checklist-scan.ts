/**
 * The checkbox items of a release issue body, found the way GitHub's markdown (GFM, CommonMark lists) nests
 * them, in one pass over the lines. A line scanner rather than a markdown parser at run time: Stagehand must
 * change one character per box and leave every other byte as people wrote it, so it needs exact line
 * positions, and markdown-it stays a devDependency. The scanner follows CommonMark's list rules that decide
 * nesting (a child starts at or past its parent's content column, at most 3 columns further; lazy paragraph
 * continuation; headings, fences, thematic breaks and HTML comments end items; an ordered list not starting
 * at 1 cannot interrupt a paragraph); test/unit/text/checklist-scan.test.ts checks its tree against
 * markdown-it's tokens on generated documents. Not modelled: block quotes and HTML blocks other than comments
 * (their items count as ordinary ones), setext headings.
 *
 * Stages come in two shapes: a heading (`## Stage 2 - Community Dev Testing`) owns every item below it up to
 * the next heading of any kind; an item whose text starts with `Stage N` (`- [ ] **Stage 2 - …**`, the go-ipfs
 * template of 2019) owns itself and every item nested under it. Items in neither belong to people.
 */
import { createHash } from 'node:crypto';
import type { Stage } from '../release/stages.js';

export interface ChecklistItem {
  /** 0-based line number. */
  readonly line: number;
  /** Offset in the body of the character inside the brackets (' ', 'x' or 'X'). */
  readonly boxAt: number;
  readonly checked: boolean;
  /** The text after the box, trimmed. */
  readonly text: string;
  /** Line of the enclosing list item (a checkbox or not), or null at the top. */
  readonly parentLine: number | null;
  /** Lines of every enclosing list item, outermost first. */
  readonly ancestors: readonly number[];
  /** The stage that owns this item, or null for people's items. */
  readonly stage: Stage | null;
  /** True for the item that names its stage (`- [ ] **Stage 0 - …**`). */
  readonly isStageItem: boolean;
  /**
   * Stable identity across edits elsewhere in the body: the stage and the path of texts from the stage down
   * (hashed, so a deep list costs linear space), plus `#n` for the n-th twin among siblings.
   */
  readonly key: string;
}

const BULLET = /^([-*+])([ \t]+|$)/;
const ORDERED = /^([0-9]{1,9})([.)])([ \t]+|$)/;
const TASK = /^\[([ xX])\][ \t]+(\S.*)$/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const THEMATIC = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^(`{3,}|~{3,})/;
const STAGE_HEADING = /^#{1,6}[ \t]*Stage[ \t]+([0-4])\b/i;
/** `**Stage 0 - Automated Testing**`, `Stage 0: …`, `__Stage 0__`: emphasis around the label is allowed. */
const STAGE_LABEL = /^(?:\*\*|__|\*|_)?[ \t]*Stage[ \t]+([0-4])\b/i;

interface OpenItem {
  readonly line: number;
  readonly contentCol: number;
  readonly stage: Stage | null;
  readonly key: string;
  /** Keys of its child checkbox items so far, to number twins. */
  readonly childKeys: Map<string, number>;
}

/** Column of the first non-blank character (tabs to the next multiple of 4) and its index. */
function indentOf(line: string): { col: number; at: number } {
  let col = 0;
  let at = 0;
  for (; at < line.length; at++) {
    const c = line[at];
    if (c === ' ') col++;
    else if (c === '\t') col += 4 - (col % 4);
    else break;
  }
  return { col, at };
}

export function scanChecklist(body: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const stack: OpenItem[] = [];
  const topKeys = new Map<string, number>();
  let headingStage: Stage | null = null;
  let fence: { char: string; len: number; depth: number } | null = null;
  let inComment = false;
  // The previous line was paragraph text (it can be continued lazily), and the stack depth it sits at.
  let paragraph = false;
  let paragraphDepth = 0;
  let offset = 0;
  const lines = body.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] ?? '';
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    const { col, at } = indentOf(line);
    const rest = line.slice(at);
    if (rest === '') {
      paragraph = false;
      continue;
    }
    let matched = 0;
    while (matched < stack.length && (stack[matched]?.contentCol ?? 0) <= col) matched++;
    if (fence) {
      if (matched >= fence.depth) {
        const close = FENCE.exec(rest);
        const base = fence.depth > 0 ? (stack[fence.depth - 1]?.contentCol ?? 0) : 0;
        if (close && close[1]?.[0] === fence.char && (close[1]?.length ?? 0) >= fence.len && col - base < 4 && rest.slice(close[1]?.length).trim() === '') fence = null;
        continue;
      }
      fence = null; // its container ended, and the fence with it
    }
    const base = matched > 0 ? (stack[matched - 1]?.contentCol ?? 0) : 0;
    const blockStart = col - base < 4;
    if (blockStart && (ATX.test(rest) || THEMATIC.test(rest) || FENCE.test(rest) || rest.startsWith('<!--'))) {
      stack.length = matched;
      paragraph = false;
      const heading = STAGE_HEADING.exec(rest);
      if (heading && matched === 0) headingStage = Number(heading[1]) as Stage;
      else if (ATX.test(rest) && matched === 0) headingStage = null;
      const fenced = FENCE.exec(rest);
      if (fenced && !(fenced[1]?.[0] === '`' && rest.slice(fenced[1].length).includes('`'))) fence = { char: fenced[1]?.[0] ?? '`', len: fenced[1]?.length ?? 3, depth: matched };
      if (rest.startsWith('<!--') && !rest.includes('-->', 4)) inComment = true;
      continue;
    }
    const marker = blockStart ? (BULLET.exec(rest) ?? ORDERED.exec(rest)) : null;
    const ordered = marker !== null && marker.length === 4;
    const content = marker ? rest.slice(marker[0].length) : '';
    // An empty item, or an ordered list not starting at 1, cannot interrupt a paragraph.
    const interrupts = !paragraph || paragraphDepth !== matched || (content !== '' && (!ordered || marker?.[1] === '1'));
    if (marker && interrupts) {
      stack.length = matched;
      const parent = stack[matched - 1];
      const markerWidth = (marker[1]?.length ?? 1) + (ordered ? 1 : 0);
      const markerCol = col + markerWidth;
      const spaces = indentOf(rest.slice(markerWidth)).col;
      // 1–4 spaces after the marker set the content column; 5 or more mean indented code after one space.
      const contentCol = content === '' || spaces > 4 ? markerCol + 1 : markerCol + spaces;
      const task = TASK.exec(content);
      const label = task ? STAGE_LABEL.exec(task[2] ?? '') : null;
      const inherited = parent ? parent.stage : headingStage;
      const stage = inherited ?? (label ? (Number(label[1]) as Stage) : null);
      let key = parent?.key ?? '';
      if (task) {
        const text = (task[2] ?? '').trim();
        const base = hashKey(stage, parent?.key ?? '', text);
        const twins = parent ? parent.childKeys : topKeys;
        const seen = twins.get(base) ?? 0;
        twins.set(base, seen + 1);
        key = seen === 0 ? base : `${base}#${seen + 1}`;
        const boxAt = lineStart + at + marker[0].length + 1;
        items.push({
          line: n,
          boxAt,
          checked: task[1] !== ' ',
          text,
          parentLine: parent?.line ?? null,
          ancestors: stack.map((s) => s.line),
          stage,
          isStageItem: inherited === null && label !== null,
          key,
        });
      }
      stack.push({ line: n, contentCol, stage, key, childKeys: new Map() });
      paragraph = content !== '';
      paragraphDepth = stack.length;
      continue;
    }
    // Paragraph text: a lazy continuation keeps every open item; otherwise it closes the unmatched ones.
    if (paragraph && matched < stack.length) continue;
    stack.length = matched;
    paragraph = blockStart || paragraph;
    paragraphDepth = matched;
  }
  return items;
}

function hashKey(stage: Stage | null, parentKey: string, text: string): string {
  const digest = createHash('sha256').update(`${parentKey}\u0000${text.replace(/\s+/g, ' ')}`).digest('base64url').slice(0, 16);
  return `${stage ?? '-'}:${digest}`;
}
