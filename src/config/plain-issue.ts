/**
 * zod's own messages ("Invalid input: expected number, received string", "Too small: expected number to
 * be >=1") read like a type checker's, beside the config checks' own sentences ("must be owner/name",
 * "is not a real date"). The common ones are put in the same words for someone editing YAML; a message
 * the schema wrote itself is kept as it is.
 */
import type { z } from 'zod';

const NOUNS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a section of keys',
  null: 'empty',
};

const noun = (type: string): string => NOUNS[type] ?? type;
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  const { message } = issue;
  if (issue.code === 'invalid_type') {
    const received = /^Invalid input: expected \w+, received (\w+)$/.exec(message)?.[1];
    if (received === undefined) return message;
    if (received === 'undefined') return `required (${noun(issue.expected)})`;
    if (issue.expected === 'int' && received === 'number') return 'must be a whole number';
    return `must be ${noun(issue.expected)}, not ${noun(received)}`;
  }
  if (issue.code === 'invalid_value' && /^Invalid (input|option): expected /.test(message)) {
    const values = issue.values.map(shown);
    return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
  }
  if (issue.code === 'too_small' && message.startsWith('Too small:')) {
    const min = Number(issue.minimum);
    if (issue.origin === 'number') return issue.inclusive ? `must be at least ${min}` : `must be more than ${min}`;
    if (issue.origin === 'string') return min === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
    if (issue.origin === 'array') return min === 1 ? 'must list at least one' : `must list at least ${min}`;
  }
  if (issue.code === 'too_big' && message.startsWith('Too big:')) {
    const max = Number(issue.maximum);
    if (issue.origin === 'number') return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    if (issue.origin === 'string') return `must be at most ${max} characters long`;
    if (issue.origin === 'array') return `must list at most ${max}`;
  }
  return message;
}
