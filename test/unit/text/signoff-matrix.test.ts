/**
 * The sign-off matrix as a reply document: one table the shell and IRC align and Matrix shows as HTML,
 * with user-supplied notes escaped and the gate line emphasised.
 */
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/chat/matrix/html.js';
import { renderPlain } from '../../../src/commands-kit/render-plain.js';
import { reply } from '../../../src/commands-kit/reply.js';
import type { SignoffMatrix, TesterRound } from '../../../src/desk/release-desk.js';
import { judgeSignoff, summariseSignoff, type AnswerRecord, type TesterOrg } from '../../../src/release/signoff.js';
import type { StoredRelease } from '../../../src/store/release-repo.js';
import { signoffMatrixBlocks } from '../../../src/views/signoff-matrix.js';

const AT = Date.parse('2026-01-05T09:00:00Z');
const ORGS: TesterOrg[] = [
  { org: 'Infura', people: ['infura'], environments: ['dev', 'prod'] },
  { org: 'Textile', people: ['textile'], environments: ['prod'] },
];
const release = {
  id: 1,
  version: { major: 0, minor: 4, patch: 23 },
  kind: 'patch',
  rc: 2,
  stage: 3,
  status: 'active',
  visits: [],
} as unknown as StoredRelease;

function prodRound(answers: AnswerRecord[]): TesterRound {
  const signoff = summariseSignoff(ORGS, answers);
  return { release, environment: 'prod', signoff, verdict: judgeSignoff({ kind: 'all' }, signoff) };
}

const view = { now: AT, timeZone: 'Europe/Berlin', nameOf: (id: string) => (id === 'infura' ? 'Ina (Infura)' : id) };

describe('signoffMatrixBlocks', () => {
  const current = prodRound([{ org: 'Infura', person: 'infura', answer: 'issue', note: 'pins <lost> & gone', at: AT }]);
  const matrix: SignoffMatrix = { release, orgs: ORGS, current, dev: { kind: 'skipped' }, prod: { kind: 'current', round: current } };
  const r = reply('info', ...signoffMatrixBlocks(matrix, view));

  it('lines up in plain text, in the configured time zone, with the person’s name', () => {
    expect(renderPlain(r)).toEqual([
      "Early testers' sign-off for v0.4.23-rc2, now in prod testing (stage 3):",
      '  org      env   answer           by            when              note',
      '  Infura   dev   skipped (patch)',
      '           prod  issue (open)     Ina (Infura)  2026-01-05 10:00  pins <lost> & gone',
      '  Textile  dev   not enrolled',
      '           prod  no answer yet',
      'Gate: closed — Infura reported a problem (infura: pins <lost> & gone); waiting for Textile.',
    ]);
  });

  it('is an HTML table on Matrix, notes escaped, the gate emphasised', () => {
    const html = renderReply(r, () => undefined).formatted_body;
    expect(html).toContain('<table><thead><tr><th>org</th><th>env</th><th>answer</th><th>by</th><th>when</th><th>note</th></tr></thead>');
    expect(html).toContain('<td>issue (open)</td><td>Ina (Infura)</td><td>2026-01-05 10:00</td><td>pins &lt;lost&gt; &amp; gone</td>');
    expect(html).toContain('<p><strong>Gate: closed</strong> — Infura reported a problem');
    expect(html).not.toContain('<lost>');
  });

  it('says so when no organisation is enrolled', () => {
    const empty = { ...prodRound([]), signoff: [], verdict: { open: true, missing: [] } };
    const lines = renderPlain(reply('info', ...signoffMatrixBlocks({ ...matrix, orgs: [], current: empty, prod: { kind: 'current', round: empty } }, view)));
    expect(lines).toEqual([
      "Early testers' sign-off for v0.4.23-rc2, now in prod testing (stage 3):",
      '  (no organisation is enrolled as an early tester)',
      'Gate: open.',
    ]);
  });
});
