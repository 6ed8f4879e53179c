// Every relative link and #anchor in README.md, DEVELOPERS.md and docs/*.md resolves. Links are found by a GFM
// parser (markdown-it) and anchors are computed with github-slugger, the rules GitHub itself uses for headings.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const root = join(import.meta.dirname, '..', '..', '..');
const md = new MarkdownIt({ html: true });

const docs = [
  'README.md',
  'DEVELOPERS.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

function tokens(file: string): Token[] {
  const flat: Token[] = [];
  const visit = (list: readonly Token[]) => {
    for (const t of list) {
      flat.push(t);
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(readFileSync(file, 'utf8'), {}));
  return flat;
}

/** The anchors GitHub gives a file's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const list = md.parse(readFileSync(file, 'utf8'), {});
  const anchors = new Set<string>();
  list.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const inline = list[i + 1];
    const text = (inline?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
    anchors.add(slugger.slug(text));
  });
  return anchors;
}

function linksOf(file: string): string[] {
  return tokens(file).flatMap((t) => {
    if (t.type === 'link_open') return [String(t.attrGet('href') ?? '')];
    if (t.type === 'image') return [String(t.attrGet('src') ?? '')];
    return [];
  });
}

const isExternal = (href: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');

function problemsIn(file: string): string[] {
  const doc = relative(root, file);
  const problems: string[] = [];
  for (const href of linksOf(file)) {
    if (isExternal(href)) continue;
    const [pathPart = '', anchor] = href.split('#', 2);
    const target = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
    if (!existsSync(target)) {
      problems.push(`${doc}: ${href}: no such file ${relative(root, target)}`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!statSync(target).isFile() || !target.endsWith('.md')) {
      problems.push(`${doc}: ${href}: an anchor into something that is not a markdown file`);
    } else if (!anchorsOf(target).has(decodeURIComponent(anchor))) {
      problems.push(`${doc}: ${href}: ${relative(root, target)} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

describe('links in the docs', () => {
  for (const doc of docs) {
    it(`every relative link and anchor in ${doc} resolves`, () => {
      expect(problemsIn(join(root, doc))).toEqual([]);
    });
  }

  it('reports a missing file and a missing anchor, and accepts the anchors GitHub makes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-links-'));
    const file = join(dir, 'a.md');
    writeFileSync(join(dir, 'b.md'), '# `chat.irc` and *IRC*\n\n## Twice\n\n## Twice\n');
    writeFileSync(
      file,
      '# Top\n\n[ok](b.md#chatirc-and-irc) [ok](b.md#twice-1) [ok](#top) [web](https://example.org/x.md)\n' +
        '[gone](c.md) [bad](b.md#nope) [bad](#nowhere) ![img](img.png)\n',
    );
    const problems = problemsIn(file).map((p) => p.replace(/^.*?: /, ''));
    rmSync(dir, { recursive: true });
    expect(problems).toEqual([
      expect.stringMatching(/^c\.md: no such file/),
      expect.stringMatching(/^b\.md#nope: .* has no heading with the anchor #nope/),
      expect.stringMatching(/^#nowhere: .* has no heading with the anchor #nowhere/),
      expect.stringMatching(/^img\.png: no such file/),
    ]);
  });
});
