import { describe, expect, it } from 'vitest';
import { renderIrcAnnouncement, renderIrcReply } from '../../../../src/chat/irc/irc-render.js';
import { line, list, reply, table } from '../../../../src/commands-kit/reply.js';

const nicks: Record<string, string> = { alice: 'ali_away' };
const mentionOf = (id: string): string | undefined => nicks[id];

describe('IRC rendering', () => {
  it('addresses the first line to the asker and mentions people by their current nick', () => {
    const lines = renderIrcReply(
      reply('info', line('Waiting for ', { mention: 'alice', name: 'Alice' }, ' and ', { mention: 'zed', name: 'Zed' }), list([[{ strong: 'v0.5.0' }, ' at stage 1']]), table(['org', 'answer'], [['Infura', 'ok']])),
      'bob',
      mentionOf,
    );
    expect(lines).toEqual(['bob: Waiting for ali_away and Zed', '  - v0.5.0 at stage 1', '  org     answer', '  Infura  ok']);
  });

  it('renders an empty reply as nothing', () => {
    expect(renderIrcReply(reply('ok'), 'bob', mentionOf)).toEqual([]);
  });

  it('names the mentioned people in front of an announcement, leaving out those not on IRC', () => {
    expect(renderIrcAnnouncement('Stage 1 is overdue.\nSee !release status', ['alice', 'nobody'], mentionOf)).toBe('ali_away: Stage 1 is overdue.\nSee !release status');
    expect(renderIrcAnnouncement('v0.5.0 is out', [], mentionOf)).toBe('v0.5.0 is out');
  });
});
