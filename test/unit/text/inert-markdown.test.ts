import { describe, expect, it } from 'vitest';
import { inertMarkdown } from '../../../src/text/inert-markdown.js';

describe('inertMarkdown', () => {
  it('breaks mentions and issue references with a zero-width space', () => {
    expect(inertMarkdown('ping @ipfs/everyone and @alice about #1234')).toBe('ping @\u200bipfs/everyone and @\u200balice about #\u200b1234');
    expect(inertMarkdown('mail me at a@b.example')).toBe('mail me at a@\u200bb.example');
  });

  it('escapes markdown punctuation and writes & < > as entities, so no HTML or marker can form', () => {
    expect(inertMarkdown('[x](javascript:alert(1)) **b** _e_ `c` ~~s~~ | t |')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\) \\*\\*b\\*\\* \\_e\\_ \\`c\\` \\~\\~s\\~\\~ \\| t \\|');
    expect(inertMarkdown('<!-- stagehand:v0.5.0-rc2/stage-1/github/update-issue --> & <b>')).toBe('&lt;\\!-- stagehand:v0.5.0-rc2/stage-1/github/update-issue --&gt; &amp; &lt;b&gt;');
  });

  it('leaves ordinary text alone', () => {
    expect(inertMarkdown('bitswap panic on add, fixed in 0.5.1')).toBe('bitswap panic on add, fixed in 0.5.1');
  });
});
