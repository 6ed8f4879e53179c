import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { OutboxEntry } from '../src/store/outbox-repo.js';
import { settlePost } from './shared/settle-post.js';

export const releaseDismiss = defineCommand<OutboxEntry>({
  name: 'release dismiss',
  summary: 'Give up on a post that could not be delivered (release status lists them by #number); it is never sent.',
  role: 'lead',
  args: [
    { name: '#N', kind: 'word', about: 'the number of the undelivered post, as release status lists it (#12 or 12)' },
    { name: 'reason', kind: 'text', optional: false, about: 'why it is given up, e.g. "posted by hand"; kept in the release history' },
  ],
  changesState: true,
  examples: ['!release dismiss #12 tweeted by hand'],
  execute: (ctx, args) => settlePost(ctx.desk, ctx.person, args, 'dismiss'),
  render: (entry) => reply('ok', line(`Dismissed #${entry.id} (${entry.destination} ${entry.payload.action} for ${entry.release ?? 'no release'}): it will not be sent.`)),
});
