/**
 * Early-tester enrolment and the sign-off rule in the config: every mistake is refused at start-up with
 * the key path that holds it.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { policyOf } from '../../../src/config/policy-of.js';
import { DEFAULT_TEXT, problems, variant } from '../../helpers/config-problems.js';

describe('tester enrolment', () => {
  it('takes part in dev and prod unless it says otherwise', () => {
    const config = parseConfig(variant((c) => delete c['testers'][0].environments));
    expect(config.testers[0]?.environments).toEqual(['dev', 'prod']);
  });

  it('refuses an environment other than dev or prod, none, or one twice', () => {
    expect(problems(variant((c) => (c['testers'][0].environments = ['staging'])))[0]).toMatch(/^testers\[0\]\.environments\[0\]: /);
    expect(problems(variant((c) => (c['testers'][1].environments = [])))).toEqual(['testers[1].environments: name dev, prod or both']);
    expect(problems(variant((c) => (c['testers'][2].environments = ['dev', 'dev'])))).toEqual(['testers[2].environments: lists an environment twice']);
  });

  it('refuses an organisation without people, or enrolled twice', () => {
    expect(problems(variant((c) => (c['testers'][0].people = [])))).toEqual(['testers[0].people: an organisation needs at least one person']);
    expect(problems(variant((c) => (c['testers'][4].org = 'Infura')))).toEqual(['testers[4].org: "Infura" is enrolled twice']);
    expect(problems(variant((c) => delete c['testers'][3].org))[0]).toMatch(/^testers\[3\]\.org: /);
  });

  it('refuses a person listed twice in one organisation', () => {
    expect(problems(variant((c) => c['testers'][0].people.push('infura')))).toEqual(['testers[0].people[1]: "infura" is listed twice']);
  });

  it("checks a tester's Matrix user id and IRC account", () => {
    expect(problems(variant((c) => (c['people'].infura.matrix = 'infura:example.org')))).toEqual([
      'people.infura.matrix: must be a Matrix user id such as @alice:example.org',
    ]);
    expect(problems(variant((c) => (c['people'].textile.irc = 'textile bot')))).toEqual([
      'people.textile.irc: must be an IRC services account name (no spaces, commas or wildcards)',
    ]);
    const config = parseConfig(variant((c) => Object.assign(c['people'].infura, { matrix: '@infura:example.org', irc: 'infura' })));
    expect(config.people['infura']).toEqual({ shell: 'infura', matrix: '@infura:example.org', irc: 'infura' });
  });
});

describe('process.signoff', () => {
  it('is all enrolled organisations by default, or a quorum of ok answers', () => {
    expect(policyOf(parseConfig(DEFAULT_TEXT)).signoff).toEqual({ kind: 'all' });
    const quorum = parseConfig(variant((c) => (c['process'].signoff = { rule: 'quorum', minOk: 3 })));
    expect(policyOf(quorum).signoff).toEqual({ kind: 'quorum', minOk: 3 });
  });

  it('refuses an unknown rule, a quorum without minOk or below one, and a stray key', () => {
    expect(problems(variant((c) => (c['process'].signoff = { rule: 'most' })))[0]).toMatch(/^process\.signoff\.rule: /);
    expect(problems(variant((c) => (c['process'].signoff = { rule: 'quorum' })))[0]).toMatch(/^process\.signoff\.minOk: /);
    expect(problems(variant((c) => (c['process'].signoff = { rule: 'quorum', minOk: 0 })))[0]).toMatch(/^process\.signoff\.minOk: /);
    expect(problems(variant((c) => (c['process'].signoff = { rule: 'all', minOk: 2 })))).toEqual(['process.signoff.minOk: not allowed with the other settings of this section']);
  });
});
