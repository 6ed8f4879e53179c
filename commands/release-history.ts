import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, list, reply } from '../src/commands-kit/reply.js';
import { formatVersion } from '../src/release/version.js';
import { ok } from '../src/ground/result.js';
import type { ReleaseEvent } from '../src/store/event-repo.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import { formatDateTime } from '../src/ground/time-format.js';

const SHOWN = 30;

export const releaseHistory = defineCommand<{ release: StoredRelease; events: readonly ReleaseEvent[] }>({
  name: 'release history',
  summary: 'Every change to a release: who, when, what and why (the last 30).',
  role: 'anyone',
  args: [{ name: 'version', kind: 'version', optional: true }],
  changesState: false,
  examples: ['!release history', '!release history v0.5.0'],
  execute(ctx, args) {
    let release: StoredRelease | undefined;
    if (args.version) {
      const found = ctx.desk.lookup(args.version);
      if (!found.ok) return found;
      release = found.value;
    } else {
      const picked = ctx.desk.pickActive(undefined, 'release history <version>');
      if (!picked.ok) {
        release = ctx.desk.active().length === 0 ? ctx.desk.recentlyEnded(1)[0] : undefined;
        if (!release) return picked;
      } else {
        release = picked.value;
      }
    }
    return ok({ release, events: ctx.desk.history(release, SHOWN) });
  },
  render({ release, events }, ctx) {
    return reply(
      'info',
      line(`History of ${formatVersion(release.version)} (${release.status}):`),
      list(
        events.map((e) => [
          `${formatDateTime(e.at, ctx.timeZone)} ${ctx.nameOf(e.actor)}: ${e.summary}`,
          e.reason ? ` — ${e.kind === 'answered' ? 'note' : 'why'}: ${e.reason}` : '',
        ]),
      ),
    );
  },
});
