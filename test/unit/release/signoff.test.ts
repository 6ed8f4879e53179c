import { describe, it, expect } from 'vitest';
import type { SignoffRule } from '../../../src/release/policy.js';
import {
  enrolledFor,
  judgeSignoff,
  summariseSignoff,
  type AnswerRecord,
  type OrgSignoff,
  type TesterAnswer,
  type TesterOrg,
} from '../../../src/release/signoff.js';

const ACME: TesterOrg = { org: 'acme', people: ['ann', 'art'], environments: ['dev', 'prod'] };
const GLOBEX: TesterOrg = { org: 'globex', people: ['gus'], environments: ['dev'] };
const INITECH: TesterOrg = { org: 'initech', people: ['ida'], environments: ['prod'] };
const ORGS = [ACME, GLOBEX, INITECH];

const ALL: SignoffRule = { kind: 'all' };
const quorum = (minOk: number): SignoffRule => ({ kind: 'quorum', minOk });

/** An answer; the org is looked up from the person. */
function said(person: string, answer: TesterAnswer, at: number, note: string | null = null): AnswerRecord {
  const org = ORGS.find((o) => o.people.includes(person))?.org;
  if (org === undefined) throw new Error(`nobody enrolled is called ${person}`);
  return { org, person, answer, note, at };
}

const stateOf = (summary: readonly OrgSignoff[], org: string): OrgSignoff => {
  const found = summary.find((s) => s.org === org);
  if (!found) throw new Error(`no summary for ${org}`);
  return found;
};

const states = (summary: readonly OrgSignoff[]): Record<string, string> =>
  Object.fromEntries(summary.map((s) => [s.org, s.state]));

describe('summariseSignoff', () => {
  it('has every enrolled organisation waiting before anyone answers', () => {
    const summary = summariseSignoff(ORGS, []);
    expect(summary).toEqual([
      { org: 'acme', state: 'waiting', decisive: null, openIssues: [] },
      { org: 'globex', state: 'waiting', decisive: null, openIssues: [] },
      { org: 'initech', state: 'waiting', decisive: null, openIssues: [] },
    ]);
  });

  it('keeps the organisations in enrolment order and ignores answers of organisations not asked', () => {
    const summary = summariseSignoff([GLOBEX, ACME], [said('ida', 'ok', 1), said('gus', 'ok', 2)]);
    expect(summary.map((s) => s.org)).toEqual(['globex', 'acme']);
    expect(states(summary)).toEqual({ globex: 'ok', acme: 'waiting' });
  });

  it('counts each person’s latest answer, whatever order the answers arrive in', () => {
    const answers = [said('gus', 'ok', 300), said('gus', 'issue', 100, 'crash on start')];
    const globex = stateOf(summariseSignoff([GLOBEX], answers), 'globex');
    expect(globex.state).toBe('ok');
    expect(globex.decisive).toEqual(said('gus', 'ok', 300));
    expect(globex.openIssues).toEqual([]);
  });

  it('lets a later problem report replace an earlier ok', () => {
    const globex = stateOf(summariseSignoff([GLOBEX], [said('gus', 'ok', 1), said('gus', 'issue', 2, 'slow')]), 'globex');
    expect(globex.state).toBe('issue');
    expect(globex.openIssues).toEqual([said('gus', 'issue', 2, 'slow')]);
  });

  it('takes the later of two answers given at the same moment', () => {
    const globex = stateOf(summariseSignoff([GLOBEX], [said('gus', 'issue', 5), said('gus', 'ok', 5)]), 'globex');
    expect(globex.state).toBe('ok');
  });

  describe('an organisation with two people', () => {
    const report = said('ann', 'issue', 10, 'bitswap stalls');

    it('stays issue when a colleague says ok after the report', () => {
      const acme = stateOf(summariseSignoff([ACME], [report, said('art', 'ok', 20)]), 'acme');
      expect(acme.state).toBe('issue');
      expect(acme.decisive).toEqual(report);
      expect(acme.openIssues).toEqual([report]);
    });

    it('stays issue when the colleague’s ok came before the report', () => {
      const acme = stateOf(summariseSignoff([ACME], [said('art', 'ok', 5), report]), 'acme');
      expect(acme.state).toBe('issue');
    });

    it('turns ok once the reporter answers ok', () => {
      const acme = stateOf(summariseSignoff([ACME], [report, said('art', 'ok', 20), said('ann', 'ok', 30)]), 'acme');
      expect(acme.state).toBe('ok');
      expect(acme.decisive).toEqual(said('ann', 'ok', 30));
      expect(acme.openIssues).toEqual([]);
    });

    it('closes the report once the reporter answers skip, taking the most recent answer', () => {
      const acme = stateOf(summariseSignoff([ACME], [report, said('art', 'ok', 20), said('ann', 'skip', 30)]), 'acme');
      expect(acme.openIssues).toEqual([]);
      expect(acme.state).toBe('skip');
    });

    it('lists every open report and is decided by the newest one', () => {
      const second = said('art', 'issue', 15, 'gateway 502');
      const acme = stateOf(summariseSignoff([ACME], [report, second]), 'acme');
      expect(acme.state).toBe('issue');
      expect(acme.openIssues).toEqual([report, second]);
      expect(acme.decisive).toEqual(second);
    });
  });

  it('takes the most recent ok or skip when nobody has a problem', () => {
    const acme = stateOf(summariseSignoff([ACME], [said('ann', 'skip', 1), said('art', 'ok', 2)]), 'acme');
    expect(acme.state).toBe('ok');
    expect(acme.decisive?.person).toBe('art');
  });
});

describe('judgeSignoff', () => {
  const summary = (answers: readonly AnswerRecord[], orgs: readonly TesterOrg[] = ORGS): OrgSignoff[] =>
    summariseSignoff(orgs, answers);

  describe("rule 'all'", () => {
    it('is closed while any organisation is waiting, naming them', () => {
      expect(judgeSignoff(ALL, summary([said('gus', 'ok', 1)]))).toEqual({ open: false, missing: ['waiting for acme, initech'] });
    });

    it('opens when every organisation answered ok or skip', () => {
      const verdict = judgeSignoff(ALL, summary([said('ann', 'ok', 1), said('gus', 'skip', 2), said('ida', 'ok', 3)]));
      expect(verdict).toEqual({ open: true, missing: [] });
    });

    it('opens when everybody skipped', () => {
      expect(judgeSignoff(ALL, summary([said('ann', 'skip', 1), said('gus', 'skip', 2), said('ida', 'skip', 3)])).open).toBe(true);
    });

    it('is closed by an open problem, quoting who reported it and the note', () => {
      const verdict = judgeSignoff(
        ALL,
        summary([said('ann', 'issue', 1, 'bitswap stalls'), said('art', 'ok', 2), said('gus', 'ok', 3), said('ida', 'ok', 4)]),
      );
      expect(verdict).toEqual({ open: false, missing: ['acme reported a problem (ann: bitswap stalls)'] });
    });

    it('leaves the note out when the report has none, and lists problems before waiting organisations', () => {
      const verdict = judgeSignoff(ALL, summary([said('gus', 'issue', 1)]));
      expect(verdict.missing).toEqual(['globex reported a problem (gus)', 'waiting for acme, initech']);
    });

    it('opens once the reporter withdraws the problem', () => {
      const answers = [said('ann', 'issue', 1, 'x'), said('art', 'ok', 2), said('gus', 'ok', 3), said('ida', 'ok', 4), said('ann', 'ok', 5)];
      expect(judgeSignoff(ALL, summary(answers)).open).toBe(true);
    });
  });

  describe("rule 'quorum'", () => {
    it('opens with enough ok answers even while others are waiting', () => {
      expect(judgeSignoff(quorum(2), summary([said('ann', 'ok', 1), said('gus', 'ok', 2)]))).toEqual({ open: true, missing: [] });
    });

    it('is closed below the quorum, saying how many oks it has and who is waiting', () => {
      expect(judgeSignoff(quorum(2), summary([said('ann', 'ok', 1)]))).toEqual({
        open: false,
        missing: ['1 of the 2 ok answers needed (waiting for globex, initech)'],
      });
    });

    it('does not count skips as oks', () => {
      const verdict = judgeSignoff(quorum(2), summary([said('ann', 'ok', 1), said('gus', 'skip', 2), said('ida', 'skip', 3)]));
      expect(verdict).toEqual({ open: false, missing: ['1 of the 2 ok answers needed'] });
    });

    it('is closed by an open problem even when the quorum is reached', () => {
      const verdict = judgeSignoff(quorum(1), summary([said('ann', 'ok', 1), said('gus', 'issue', 2, 'panic')]));
      expect(verdict).toEqual({ open: false, missing: ['globex reported a problem (gus: panic)'] });
    });

    it('does not count an organisation with an open problem towards the quorum', () => {
      const verdict = judgeSignoff(quorum(1), summary([said('ann', 'issue', 1), said('art', 'ok', 2)], [ACME]));
      expect(verdict.missing).toEqual(['acme reported a problem (ann)', '0 of the 1 ok answers needed']);
    });
  });
});

describe('enrolledFor', () => {
  it('picks the organisations that test the environment', () => {
    expect(enrolledFor(ORGS, 'dev').map((o) => o.org)).toEqual(['acme', 'globex']);
    expect(enrolledFor(ORGS, 'prod').map((o) => o.org)).toEqual(['acme', 'initech']);
  });

  it('gives nobody when no organisation tests the environment', () => {
    expect(enrolledFor([GLOBEX], 'prod')).toEqual([]);
    expect(enrolledFor([], 'dev')).toEqual([]);
  });
});
