import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply, type Block } from '../src/commands-kit/reply.js';
import type { ImportSummary } from '../src/desk/history-import.js';
import { formatVersion } from '../src/release/version.js';

/** At most this many versions are named in the reply; the history of each has the rest. */
const NAMED = 10;

export const releaseSync = defineCommand<ImportSummary>({
  name: 'release sync',
  summary: "Read the project's past releases (GitHub tags and releases, or the history file) into the history, so the version rules see them.",
  role: 'lead',
  args: [],
  changesState: true,
  examples: ['!release sync'],
  execute(ctx) {
    return ctx.desk.syncHistory(ctx.person);
  },
  render({ source, imported, known, inFlight }, ctx) {
    const names = imported.map(formatVersion);
    const shown = names.length > NAMED ? `${names.slice(0, 3).join(', ')}, … ${names.slice(-3).join(', ')}` : names.join(', ');
    const blocks: Block[] = [
      line(
        imported.length === 0
          ? `Nothing new in ${source}: ${known} past release${known === 1 ? '' : 's'} already known.`
          : `Imported ${imported.length} past release${imported.length === 1 ? '' : 's'} from ${source}: ${shown}${known ? ` (${known} already known)` : ''}. Nothing was posted.`,
      ),
    ];
    for (const f of inFlight) {
      blocks.push(line(`${formatVersion(f.version)} is in flight (RC tags up to rc${f.rc}, no final tag): take it over with ${ctx.prefix}release adopt ${formatVersion(f.version)} --stage N.`));
    }
    return reply('ok', ...blocks);
  },
});
