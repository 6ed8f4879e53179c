/**
 * The sign-off matrix of `!testers` and `!release status`: each organisation × (dev, prod) for the current
 * RC, read back cell by cell from the plain-text table the shell and IRC show.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/schema.js';
import { DAY } from '../../../src/ground/clock.js';
import { allTestersOk, createTestApp, startInDevTesting, TESTERS, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const COLUMNS = ['org', 'env', 'answer', 'by', 'when', 'note'] as const;
type Cell = Record<(typeof COLUMNS)[number], string>;

/** The table's rows as cells, cut at the header's column starts; a blank org cell repeats the org above. */
function matrixOf(text: string): Cell[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^ {2}org +env +answer +by +when +note$/.test(l));
  if (at < 0) throw new Error(`no sign-off table in:\n${text}`);
  const header = lines[at]!;
  const starts = COLUMNS.map((c) => header.indexOf(c === 'org' ? 'org' : ` ${c}`) + (c === 'org' ? 0 : 1));
  const rows: Cell[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('  ')) break;
    const cells = COLUMNS.map((_, i) => l.slice(starts[i], starts[i + 1] ?? l.length).trim());
    const org = cells[0] || rows[rows.length - 1]?.org || '';
    rows.push(Object.fromEntries(COLUMNS.map((c, i) => [c, i === 0 ? org : cells[i]])) as Cell);
  }
  return rows;
}

const cellOf = (rows: readonly Cell[], org: string, env: 'dev' | 'prod'): Cell => {
  const found = rows.find((r) => r.org === org && r.env === env);
  if (!found) throw new Error(`no row ${org} ${env}`);
  return found;
};

function start(configure?: (config: Config) => Config): TestApp {
  t = createTestApp(configure ? { configure } : {});
  return t;
}

async function featureAt(stage: 2 | 3): Promise<void> {
  await startInDevTesting(t);
  if (stage === 3) {
    await allTestersOk(t);
    await t.say('!release advance');
  }
}

/** Every organisation enrolled in the current stage answers ok. */
async function enrolledOk(): Promise<void> {
  for (const name of TESTERS) await t.say('!tested ok', name);
}

describe('the sign-off matrix', () => {
  it('at stage 2 shows the dev answers and prod as not yet, for every organisation', async () => {
    start();
    await featureAt(2);
    await t.say('!tested ok', 'infura');
    const said = await t.say('!testers', 'guest');
    expect(said.lines[0]).toBe("Early testers' sign-off for v0.5.0-rc1, now in dev testing (stage 2):");
    const rows = matrixOf(said.text);
    expect(rows).toHaveLength(TESTERS.length * 2);
    expect(cellOf(rows, 'Infura', 'dev')).toEqual({ org: 'Infura', env: 'dev', answer: 'ok', by: 'infura', when: '2026-01-05 09:00', note: '' });
    expect(cellOf(rows, 'Textile', 'dev').answer).toBe('no answer yet');
    for (const org of ['Infura', 'Textile', 'Siderus']) expect(cellOf(rows, org, 'prod').answer).toBe('not yet');
    expect(said.text).toContain('Gate: closed — waiting for Textile, Pinata, RTrade, QRI, Siderus.');
  });

  it('at stage 3 carries the dev answers of the same RC, never those of an older RC', async () => {
    start();
    await featureAt(2);
    await t.say('!tested skip on holiday', 'rtrade');
    await t.say('!tested ok', 'siderus');
    await t.say('!release restart fix merged');
    await t.say('!release advance');
    await t.say('!release advance');
    await t.clock.advanceBy(DAY);
    // rc2's dev round: rtrade's rc1 skip must not show; everyone answers afresh.
    expect(cellOf(matrixOf((await t.say('!testers')).text), 'RTrade', 'dev').answer).toBe('no answer yet');
    // Siderus answered for rc1 only; the dev gate of rc2 is passed without it.
    for (const name of TESTERS.filter((n) => n !== 'siderus')) await t.say(name === 'qri' ? '!tested skip no dev cluster this week' : '!tested ok', name);
    await t.say('!release advance --force Siderus confirmed by email');
    await t.clock.advanceBy(DAY);
    await t.say('!tested ok https://grafana.example/pinata-rc2', 'pinata');

    const said = await t.say('!release status', 'guest');
    expect(said.text).toContain("Early testers' sign-off for v0.5.0-rc2, now in prod testing (stage 3):");
    const rows = matrixOf(said.text);
    expect(cellOf(rows, 'RTrade', 'dev')).toMatchObject({ answer: 'ok', by: 'rtrade', when: '2026-01-06 09:00' });
    expect(cellOf(rows, 'QRI', 'dev')).toMatchObject({ answer: 'skip', note: 'no dev cluster this week' });
    expect(cellOf(rows, 'Pinata', 'prod')).toMatchObject({ answer: 'ok', by: 'pinata', when: '2026-01-07 09:00', note: 'https://grafana.example/pinata-rc2' });
    expect(cellOf(rows, 'Siderus', 'dev')).toMatchObject({ answer: 'no answer', by: '', note: '' });
    expect(cellOf(rows, 'Infura', 'prod').answer).toBe('no answer yet');
    expect(said.text).toContain('Gate: closed — waiting for Infura, Textile, RTrade, QRI, Siderus.');
  });

  it('shows dev as skipped for a patch release', async () => {
    start();
    await t.say('!release new v0.4.23');
    t.ci.set('pass');
    await t.say('!release advance');
    await t.say('!release advance');
    await t.say('!tested ok', 'textile');
    const rows = matrixOf((await t.say('!testers')).text);
    for (const org of ['Infura', 'Textile', 'QRI']) expect(cellOf(rows, org, 'dev').answer).toBe('skipped (patch)');
    expect(cellOf(rows, 'Textile', 'prod')).toMatchObject({ answer: 'ok', by: 'textile' });
  });

  it('says "not enrolled" where an organisation takes part in one environment only', async () => {
    start((c) => ({
      ...c,
      testers: c.testers.map((o) => (o.org === 'QRI' ? { ...o, environments: ['prod'] } : o.org === 'Siderus' ? { ...o, environments: ['dev'] } : o)),
    }));
    await featureAt(2);
    await enrolledOk();
    expect((await t.say('!release advance')).tone).toBe('ok');
    const rows = matrixOf((await t.say('!testers')).text);
    expect(cellOf(rows, 'QRI', 'dev').answer).toBe('not enrolled');
    expect(cellOf(rows, 'QRI', 'prod').answer).toBe('no answer yet');
    expect(cellOf(rows, 'Siderus', 'dev').answer).toBe('ok');
    expect(cellOf(rows, 'Siderus', 'prod').answer).toBe('not enrolled');
  });

  it('marks an open problem with its note, and the gate line names it', async () => {
    start();
    await featureAt(2);
    await t.say('!tested issue https://github.com/ipfs/go-ipfs/issues/6254 adding several files fails', 'infura');
    const said = await t.say('!testers');
    expect(cellOf(matrixOf(said.text), 'Infura', 'dev')).toMatchObject({
      answer: 'issue (open)',
      by: 'infura',
      note: 'https://github.com/ipfs/go-ipfs/issues/6254 adding several files fails',
    });
    expect(said.text).toContain('Gate: closed — Infura reported a problem (infura: https://github.com/ipfs/go-ipfs/issues/6254 adding several files fails); waiting for');
  });

  it('after a forced dev gate, shows the dev problem as past, and why the gate was passed', async () => {
    start();
    await featureAt(2);
    await t.say('!tested issue flaky dht', 'infura');
    await t.say('!release advance --force known flake, tracked in #6300');
    const said = await t.say('!testers');
    expect(cellOf(matrixOf(said.text), 'Infura', 'dev')).toMatchObject({ answer: 'issue', note: 'flaky dht' });
    expect(said.text).toContain('The dev gate of this RC was passed by lead without every answer: known flake, tracked in #6300');
  });

  describe('with a quorum rule', () => {
    const quorum = (minOk: number) => (c: Config): Config => ({ ...c, process: { ...c.process, signoff: { rule: 'quorum', minOk } } });

    it('says how many ok answers are still needed and who could give them', async () => {
      start(quorum(3));
      await featureAt(2);
      await t.say('!tested ok', 'infura');
      const said = await t.say('!testers');
      expect(said.text).toContain('Gate: closed — 1 of the 3 ok answers needed (waiting for Textile, Pinata, RTrade, QRI, Siderus).');
      expect(said.text).not.toContain('Not answered yet');
    });

    it('once the quorum is reached, the gate opens and still lists who has not answered', async () => {
      start(quorum(2));
      await featureAt(2);
      await t.say('!tested ok', 'infura');
      await t.say('!tested ok', 'textile');
      const said = await t.say('!testers');
      expect(said.text).toContain('Gate: open.');
      expect(said.text).toContain('Not answered yet (dev): Pinata, RTrade, QRI, Siderus.');
    });

    it('an open problem keeps the gate closed even with the quorum, and the waiting are listed apart', async () => {
      start(quorum(2));
      await featureAt(2);
      await t.say('!tested ok', 'infura');
      await t.say('!tested ok', 'textile');
      await t.say('!tested issue crash on start', 'qri');
      const said = await t.say('!testers');
      expect(said.text).toContain('Gate: closed — QRI reported a problem (qri: crash on start).');
      expect(said.text).toContain('Not answered yet (dev): Pinata, RTrade, Siderus.');
    });
  });
});

describe('!release advance on a closed tester gate', () => {
  it('says what is missing and points to the matrix', async () => {
    start();
    await featureAt(2);
    await t.say('!tested issue crash on start', 'qri');
    await t.say('!tested ok', 'infura');
    const said = await t.say('!release advance');
    expect(said.tone).toBe('refused');
    expect(said.text).toBe(
      'v0.5.0 cannot leave stage 2 (community dev testing) yet: QRI reported a problem (qri: crash on start); waiting for Textile, Pinata, RTrade, Siderus. ' +
        '!testers shows every answer. A lead can pass the gate anyway, on the record: !release advance --force <reason>',
    );
  });

  it('does not point to the matrix for the CI gate', async () => {
    start();
    await t.say('!release new v0.5.0');
    t.ci.set('fail');
    expect((await t.say('!release advance')).text).not.toContain('!testers');
  });
});
