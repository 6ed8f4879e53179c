import { z } from 'zod';

/** `{ env: NAME }` or `{ file: path }` (relative to the config file), exactly one of the two. */
export const secretRef = z
  .strictObject({
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as MATRIX_TOKEN').optional(),
    file: z.string().min(1).optional(),
  })
  .refine((s) => (s.env === undefined) !== (s.file === undefined), 'give exactly one of env or file')
  // The docs generator (scripts/docs/) shows a secret as one key of this type instead of its two fields.
  .meta({ title: 'secret' });

export type SecretRef = z.infer<typeof secretRef>;
