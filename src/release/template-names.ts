/** The templates the communication plan and the composer name; config/templates/ has one file each. */
export const TEMPLATE_NAMES = [
  'announce-dev',
  'announce-prod',
  'announce-release',
  'announce-abort',
  'announce-restart',
  'tweet-prod',
  'tweet-release',
  'prerelease-notes',
  'release-notes',
  'blog-post',
  'release-checklist',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
