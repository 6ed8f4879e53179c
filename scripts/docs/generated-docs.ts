/** The docs generated from code, by path: `npm run docs` writes them, test/unit/docs/generated-docs.test.ts checks them. */
import { renderCommandsDoc } from './commands-doc.js';
import { renderConfigurationDoc } from './config-doc.js';

export const GENERATED_DOCS: readonly { readonly path: string; readonly render: () => string }[] = [
  { path: 'docs/configuration.md', render: renderConfigurationDoc },
  { path: 'docs/commands.md', render: renderCommandsDoc },
];
