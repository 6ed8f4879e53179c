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

  it('writes each web address as an explicit link to exactly that address, escaping only the text around it', () => {
    expect(inertMarkdown('fix merged (https://github.com/ipfs/go-ipfs/pull/6255), see https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120')).toBe(
      'fix merged \\(' +
        '[https://github.com/ipfs/go-ipfs/pull/6255](<https://github.com/ipfs/go-ipfs/pull/6255>)' +
        '\\), see ' +
        '[https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add\\_test.go#L120](<https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120>)',
    );
    expect(inertMarkdown('mirror www.example.com.')).toBe('mirror [www.example.com](<http://www.example.com>).');
    expect(inertMarkdown('https://a.com/x\\y&b')).toBe('[https://a.com/x\\\\y&amp;b](<https://a.com/x\\\\y&amp;b>)');
  });

  it('breaks what is no address by GitHub\'s rules but could start a link once escaped, and GH-123 references', () => {
    expect(inertMarkdown('http://a.b_c.d')).toBe('http\\://a.b\\_c.d');
    expect(inertMarkdown('see GH-12 and gh-3')).toBe('see GH-\u200b12 and gh-\u200b3');
  });

  it('leaves ordinary text alone', () => {
    expect(inertMarkdown('bitswap panic on add, fixed in 0.5.1')).toBe('bitswap panic on add, fixed in 0.5.1');
  });
});
