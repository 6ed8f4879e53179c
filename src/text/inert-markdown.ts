/**
 * Person-typed text (a lead's reason, a tester's note) placed into GitHub markdown: an issue body or a
 * comment. It must read as typed and do nothing else: no emphasis, code, links, images or HTML from
 * punctuation; no notification from `@someone` or `@org/team`; no cross-reference from `#123`; and no
 * `<!-- stagehand:KEY -->` marker, which the GitHub publisher takes as proof that a comment was delivered
 * (a forged one would make a later post be skipped).
 */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()!|~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function inertMarkdown(text: string): string {
  return (
    text
      .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
      // A zero-width space after @ and # breaks mentions and issue references and stays invisible.
      .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u200b')
      .replace(MARKDOWN_PUNCTUATION, '\\$&')
  );
}
