import type { SignoffRule } from './policy.js';
import type { TestEnvironment } from './stages.js';

import type { TesterAnswer } from '../ground/tester-answer.js';

export { TESTER_ANSWERS, type TesterAnswer } from '../ground/tester-answer.js';

/** An early-tester organisation as enrolled in config. */
export interface TesterOrg {
  readonly org: string;
  /** Person ids (see the roster) who answer for this organisation. */
  readonly people: readonly string[];
  readonly environments: readonly TestEnvironment[];
}

/** One recorded answer for one RC and stage. */
export interface AnswerRecord {
  readonly org: string;
  readonly person: string;
  readonly answer: TesterAnswer;
  readonly note: string | null;
  readonly at: number;
}

export type OrgState = TesterAnswer | 'waiting';

export interface OrgSignoff {
  readonly org: string;
  readonly state: OrgState;
  /** The answer that decides the state (absent while waiting). */
  readonly decisive: AnswerRecord | null;
  /** Problems reported by a person of this organisation who has not answered ok or skip since. */
  readonly openIssues: readonly AnswerRecord[];
}

/**
 * Each person's latest answer counts. An organisation is `issue` while any of its people's latest answer
 * is a problem (a colleague saying ok does not close someone else's report), otherwise it takes its
 * most recent ok/skip, otherwise it is waiting.
 */
export function summariseSignoff(orgs: readonly TesterOrg[], answers: readonly AnswerRecord[]): OrgSignoff[] {
  // One pass over the answers, grouped by organisation: hundreds of organisations × hundreds of answers
  // would otherwise be scanned once per organisation.
  const byOrg = new Map<string, Map<string, AnswerRecord>>();
  for (const answer of answers) {
    let latestByPerson = byOrg.get(answer.org);
    if (latestByPerson === undefined) byOrg.set(answer.org, (latestByPerson = new Map()));
    const seen = latestByPerson.get(answer.person);
    if (seen === undefined || seen.at <= answer.at) latestByPerson.set(answer.person, answer);
  }
  return orgs.map((org) => {
    const latest = [...(byOrg.get(org.org)?.values() ?? [])].sort((a, b) => a.at - b.at);
    const openIssues = latest.filter((a) => a.answer === 'issue');
    if (openIssues.length > 0) {
      return { org: org.org, state: 'issue', decisive: openIssues[openIssues.length - 1] ?? null, openIssues };
    }
    const decisive = latest[latest.length - 1] ?? null;
    return { org: org.org, state: decisive?.answer ?? 'waiting', decisive, openIssues };
  });
}

export interface GateVerdict {
  readonly open: boolean;
  /** What is still missing, one line each, in words a lead can act on. */
  readonly missing: readonly string[];
}

export function judgeSignoff(rule: SignoffRule, summary: readonly OrgSignoff[]): GateVerdict {
  const missing: string[] = [];
  for (const org of summary) {
    for (const issue of org.openIssues) {
      missing.push(`${org.org} reported a problem (${issue.person}${issue.note ? `: ${issue.note}` : ''})`);
    }
  }
  const waiting = summary.filter((o) => o.state === 'waiting').map((o) => o.org);
  if (rule.kind === 'all') {
    if (waiting.length > 0) missing.push(`waiting for ${waiting.join(', ')}`);
  } else {
    const oks = summary.filter((o) => o.state === 'ok').length;
    if (oks < rule.minOk) {
      missing.push(`${oks} of the ${rule.minOk} ok answers needed${waiting.length ? ` (waiting for ${waiting.join(', ')})` : ''}`);
    }
  }
  return { open: missing.length === 0, missing };
}

export const enrolledFor = (orgs: readonly TesterOrg[], env: TestEnvironment): TesterOrg[] =>
  orgs.filter((o) => o.environments.includes(env));
