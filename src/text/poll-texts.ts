/**
 * The words of the early testers' polls: the question and answers asked when an RC enters community
 * testing, and the results line the poll is closed with. Rendered at commit time (effect composer), so a
 * delivery retried later says what was true when the poll closed.
 */
import type { PollAnswer } from '../ground/effects.js';
import type { OrgSignoff, TesterAnswer } from '../release/signoff.js';
import type { TestEnvironment } from '../release/stages.js';

export const POLL_ANSWERS: readonly PollAnswer[] = [
  { id: 'ok', text: 'deployed, no problems' },
  { id: 'issue', text: 'found a problem' },
  { id: 'skip', text: 'skipping this RC' },
];

const ENVIRONMENT_WORDS: Record<TestEnvironment, string> = { dev: 'dev environment', prod: 'production (part of it)' };

export function pollQuestion(project: string, tag: string, environment: TestEnvironment): string {
  return `${project} ${tag}, ${environment} testing: have you deployed it to your ${ENVIRONMENT_WORDS[environment]}?`;
}

/** The poll as one plain text: what networks without native polls post, and Matrix's fallback. */
export function pollText(question: string, prefix: string): string {
  const choices = POLL_ANSWERS.map((a) => `${a.id} = ${a.text}`).join(', ');
  return `Poll: ${question} Answer with ${prefix}tested ok|issue|skip [note] (${choices}); a later answer replaces an earlier one.`;
}

const STATE_WORDS: Record<TesterAnswer, string> = { ok: 'ok', issue: 'problem', skip: 'skip' };

/** `ok: 3, problem: 1, skip: 0, no answer: 2 — Infura: problem (alice), Textile: ok (bob), Pinata: no answer` */
export function pollResults(tag: string, environment: TestEnvironment, signoff: readonly OrgSignoff[], nameOf: (id: string) => string): string {
  const count = (state: OrgSignoff['state']): number => signoff.filter((o) => o.state === state).length;
  const totals = `ok: ${count('ok')}, problem: ${count('issue')}, skip: ${count('skip')}, no answer: ${count('waiting')}`;
  const perOrg = signoff
    .map((o) => (o.state === 'waiting' || !o.decisive ? `${o.org}: no answer` : `${o.org}: ${STATE_WORDS[o.state]} (${nameOf(o.decisive.person)})`))
    .join(', ');
  return `Poll closed for ${tag} (${environment} testing): ${totals}${perOrg ? ` — ${perOrg}` : ''}.`;
}
