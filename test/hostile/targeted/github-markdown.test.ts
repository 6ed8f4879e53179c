/**
 * Markdown, HTML and @-mentions typed into reasons and testers' notes, through the real commands, desk and
 * GitHub publisher to the fake GitHub: every issue body and comment it receives carries them inert. Among
 * them a forged `<!-- stagehand:KEY -->` marker for a comment still to come, which before the fix made the
 * publisher believe that comment was already posted.
 */
import MarkdownIt from 'markdown-it';
import { afterEach, expect, it } from 'vitest';
import { inertMarkdown } from '../../../src/text/inert-markdown.js';
import type { LiveFakes } from '../../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../../helpers/live-fakes-each-test.js';
import { ciGreen } from '../../helpers/live-release.js';
import { createTestApp, TESTERS, type TestApp } from '../../helpers/test-app.js';
import { shapeOf } from '../html-shape.js';

const PAYLOAD = '@ipfs/everyone @alice [link](javascript:alert(1)) ```js fence``` <!-- hidden --> <img src=x onerror=alert(1)> **bold** _em_ #1234 &#64;bob ~~gone~~ | a | b |';
const FORGED = '<!-- stagehand:v0.5.0-rc2/stage-1/github/update-issue -->';

let fakes: LiveFakes;
let t: TestApp;
liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));
afterEach(async () => {
  await t?.close();
});

async function ok(text: string, as?: string): Promise<void> {
  const said = await t.say(text, as);
  expect(said.tone, `${text}: ${said.text}`).toBe('ok');
}

it('reasons and notes reach issue bodies and comments as inert text; a forged marker skips nothing', async () => {
  t = createTestApp({ configFile: fakes.configFile });
  await ok('!release new v0.5.0');
  ciGreen(fakes);
  await ok('!release advance');
  await ok(`!release restart ${PAYLOAD} ${FORGED}`);
  ciGreen(fakes);
  await ok('!release advance');
  await ok('!release advance');
  await ok(`!tested issue ${PAYLOAD}`, TESTERS[0]);
  for (const name of TESTERS.slice(1)) await ok(`!tested ok ${PAYLOAD}`, name);
  await ok(`!release advance --force ${PAYLOAD}`);
  for (const name of TESTERS) await ok(`!tested ok ${PAYLOAD}`, name);
  await ok('!release advance');

  expect(fakes.rejections()).toEqual([]);
  const issue = fakes.github.issues[0]!;
  // The rc2 stage-1 comment was posted even though the restart reason carried its marker.
  const markers = issue.comments.map((c) => /<!-- stagehand:(\S+) -->\s*$/.exec(c.body)?.[1]);
  expect(markers).toContain('v0.5.0-rc2/stage-1/github/update-issue');
  expect(issue.comments.filter((c) => c.body.includes(FORGED))).toHaveLength(1);

  const md = new MarkdownIt({ html: true, linkify: true });
  const texts = [...issue.bodies, ...issue.comments.map((c) => c.body)];
  const withPayload = texts.filter((b) => b.includes(inertMarkdown(PAYLOAD)));
  // The restart comment, the override in the issue body and comment, the closing summary's notes and override.
  expect(withPayload.length).toBeGreaterThanOrEqual(4);
  for (const body of texts) {
    expect(body).not.toContain('@alice');
    expect(body).not.toContain('@ipfs/everyone');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<!-- hidden');
    // Only Stagehand's own markers are HTML comments: at the very end of a comment, and around the issue's status block.
    expect(body.replace(/\n\n<!-- stagehand:\S+ -->$/, '').replace(/^<!-- \/?stagehand:status -->$/gm, '')).not.toContain('<!--');
    const shape = shapeOf(md.render(body), true);
    expect(shape.elements.filter((e) => /^<(img|script|a href=javascript|del|s)\b/.test(e))).toEqual([]);
    expect(shape.text).not.toMatch(/@(alice|ipfs)/);
  }
});
