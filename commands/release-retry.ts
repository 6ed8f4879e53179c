import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { OutboxEntry } from '../src/store/outbox-repo.js';
import { settlePost } from './shared/settle-post.js';

export const releaseRetry = defineCommand<OutboxEntry>({
  name: 'release retry',
  summary: 'Send a failed post again, as it was composed, once what made it fail is fixed (release status lists them by #number).',
  role: 'lead',
  args: [
    { name: '#N', kind: 'word', about: 'the number of the failed post, as release status lists it (#12 or 12)' },
    { name: 'note', kind: 'text', optional: true, about: 'what was fixed, for the release history' },
  ],
  changesState: true,
  examples: ['!release retry #12', '!release retry #12 token now has repo scope'],
  execute: (ctx, args) => settlePost(ctx.desk, ctx.person, args, 'retry'),
  render: (entry) => reply('ok', line(`Queued #${entry.id} (${entry.destination} ${entry.payload.action} for ${entry.release ?? 'no release'}) again.`)),
});
