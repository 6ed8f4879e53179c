/**
 * `github.app`: Stagehand signs in as a GitHub App installed on `project.repo` instead of with a person's
 * token (docs/github-app.md). The private key is a secret like the others (`{ file: … }` or `{ env: … }`);
 * it is read by src/config/private-key.ts because a PEM spans lines, which readSecret refuses.
 */
import { z } from 'zod';
import { secretRef } from './secret-ref.js';

export const githubAppSection = z.strictObject({
  /** The App ID on the App's settings page (or its client ID, `Iv…`): the `iss` of the App's JWT. */
  appId: z.union([
    z.number().int().positive(),
    z.string().regex(/^(?:[1-9][0-9]{0,11}|Iv[0-9A-Za-z.]{4,40})$/, 'must be the App ID (a number) or its client ID (Iv…)'),
  ]).describe('The App ID on the App\'s settings page (or its client ID, `Iv…`).'),
  /** The App's private key (the .pem file GitHub generates), never in the config file itself. */
  privateKey: secretRef.describe('The App\'s private key: the .pem file GitHub generates, as `{ file: … }` or `{ env: … }`.'),
  /** The installation on the repository's owner; found from `project.repo` when not given. */
  installationId: z.number().int().positive().optional().describe('The installation on the repository\'s owner; found from `project.repo` when not given.'),
});

export type GithubAppConfig = z.infer<typeof githubAppSection>;

/** The one rule across the two ways to authenticate: exactly one of them, said with the key's name. */
export function checkOneGithubAuth(section: { token?: unknown; app?: unknown }, ctx: z.core.$RefinementCtx): void {
  if (section.token !== undefined && section.app !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['app'], message: 'give github.token or github.app, not both (an App replaces the personal token)' });
  } else if (section.token === undefined && section.app === undefined) {
    ctx.addIssue({ code: 'custom', path: ['token'], message: 'required (a personal access token), or github.app instead (a GitHub App installation)' });
  }
}
