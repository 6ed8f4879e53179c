import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import { rcTag, releaseBranch } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';

/** A commit id as people paste it: 7 to 40 hex digits. */
const SHA = /^[0-9a-f]{7,40}$/i;

export const releaseIgnore = defineCommand<{ release: StoredRelease; sha: string }>({
  name: 'release ignore',
  summary: 'A commit landed on the release branch but the fix is trivial: keep the current RC and stop asking about it.',
  role: 'lead',
  args: [
    { name: 'version', kind: 'version', optional: true },
    { name: 'sha', kind: 'word', about: 'the commit on the release branch: 7 to 40 hex digits' },
    { name: 'reason', kind: 'text', optional: false, about: 'why it needs no new RC, e.g. "docs only"' },
  ],
  changesState: true,
  examples: ['!release ignore 1a2b3c4 only a changelog typo', '!release ignore v0.5.0 1a2b3c4 docs only'],
  execute(ctx, args) {
    const sha = args.values['sha'] ?? '';
    if (!SHA.test(sha)) return fail(`${JSON.stringify(sha.slice(0, 40))} is not a commit id: give 7 to 40 hex digits, then why it can be ignored.`);
    const reason = args.values['reason'] ?? '';
    const ignored = ctx.desk.ignoreCommit(args.version, ctx.person, sha.toLowerCase(), reason);
    return ignored.ok ? { ok: true, value: { release: ignored.value, sha: sha.toLowerCase() } } : ignored;
  },
  render({ release, sha }) {
    return reply('ok', line(`Ignoring ${sha} on ${releaseBranch(release.version)}: ${rcTag(release.version, release.rc)} stays the release candidate, and that commit is not asked about again.`));
  },
});
