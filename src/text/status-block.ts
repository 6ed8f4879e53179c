/**
 * Stagehand's one block in the shared release issue body: the release's stage, RC, timeline and links,
 * between two hidden markers. Everything outside the markers belongs to people; Stagehand rewrites only
 * what is between them.
 */
export const STATUS_START = '<!-- stagehand:status -->';
export const STATUS_END = '<!-- /stagehand:status -->';

/** The block as it appears in a body: the markers on their own lines around the content. */
export const statusBlock = (content: string): string => `${STATUS_START}\n${content.trim()}\n${STATUS_END}`;

/**
 * The body with its status block set to `content`. A body without a complete block (a person's issue being
 * adopted, or a template without `{{status}}`) gets one after its first level-1 heading, or at the top; a
 * stray marker left from a half-deleted block is removed first. The body's line endings are kept.
 */
export function withStatusBlock(body: string, content: string): string {
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const block = statusBlock(content).replace(/\n/g, eol);
  const start = body.indexOf(STATUS_START);
  const end = start >= 0 ? body.indexOf(STATUS_END, start + STATUS_START.length) : -1;
  if (start >= 0 && end >= 0) return body.slice(0, start) + block + body.slice(end + STATUS_END.length);
  const cleaned = body
    .split(/\r?\n/)
    .filter((line) => line.trim() !== STATUS_START && line.trim() !== STATUS_END)
    .join(eol);
  const lines = cleaned.split(eol);
  const heading = lines.findIndex((line) => /^#[ \t]+\S/.test(line));
  if (heading >= 0 && heading < 10) {
    return [...lines.slice(0, heading + 1), '', block, ...lines.slice(heading + 1)].join(eol);
  }
  return cleaned.trim() === '' ? block : `${block}${eol}${eol}${cleaned}`;
}
