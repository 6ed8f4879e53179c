import type { ParsedArgs } from '../../src/commands-kit/declaration.js';
import type { ReleaseDesk } from '../../src/desk/release-desk.js';
import type { Person } from '../../src/people/roster.js';
import { fail, type Result } from '../../src/ground/result.js';
import type { OutboxEntry } from '../../src/store/outbox-repo.js';

/** `#12 reason` or `12 reason` → settle that undelivered post. Shared by `release dismiss` and `release retry`. */
export function settlePost(desk: ReleaseDesk, person: Person, args: ParsedArgs, how: 'dismiss' | 'retry'): Result<OutboxEntry> {
  const first = args.values['#N'] ?? '';
  const id = /^#?([0-9]{1,12})$/.exec(first)?.[1];
  if (id === undefined) return fail(`${JSON.stringify(first.slice(0, 20))} is not a post number: give the #number that release status lists.`);
  const reason = args.values['reason'] ?? args.values['note'] ?? '';
  if (how === 'dismiss' && !reason) return fail('Say why the post is dismissed, e.g. "posted by hand".');
  return desk.settleDelivery(Number(id), person, how, reason);
}
