import { line, type Block } from '../../src/commands-kit/reply.js';

/** "Posting: github (create-branch, open-issue); matrix (announce)" — what a change is about to send. */
export function postsLine(posts: readonly string[]): Block {
  if (posts.length === 0) return line('Nothing to post for this step.');
  const byDestination = new Map<string, string[]>();
  for (const post of posts) {
    const [destination = '', action = ''] = post.split(': ');
    byDestination.set(destination, [...(byDestination.get(destination) ?? []), action]);
  }
  return line(
    'Posting: ',
    [...byDestination].map(([d, actions]) => `${d} (${[...new Set(actions)].join(', ')})`).join('; '),
    '.',
  );
}
