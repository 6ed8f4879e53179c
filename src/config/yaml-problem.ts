/**
 * A YAML syntax error as a config problem: the line and column, the parser's message, and the excerpt
 * with a caret under the spot. The `yaml` library builds the excerpt itself (its `prettyErrors`, on by
 * default, append it to the message after "at line L, column C:"); here it is only moved onto lines of its
 * own under the problem, so no line ends in a dangling colon.
 */
import type { YAMLError } from 'yaml';

/** Indent of the excerpt lines: under the text of a `  - problem` line. */
const EXCERPT_INDENT = '    ';

export function describeYamlError(error: YAMLError): string {
  const [head = '', ...rest] = error.message.split('\n');
  const at = error.linePos?.[0];
  // The library ends the first line with " at line L, column C:" when it knows where; we say where first.
  const suffix = at ? ` at line ${at.line}, column ${at.col}:` : '';
  const message = suffix && head.endsWith(suffix) ? head.slice(0, -suffix.length) : head.replace(/:$/, '');
  // After the message: a blank line, the excerpt (which may hold blank lines of the file), a blank line.
  const excerpt = rest[0] === '' ? rest.slice(1) : rest;
  while (excerpt.length > 0 && excerpt[excerpt.length - 1] === '') excerpt.pop();
  const where = at ? ` at line ${at.line}, column ${at.col}` : '';
  return [`not valid YAML${where}: ${message}`, ...excerpt.map((line) => `${EXCERPT_INDENT}${line}`.trimEnd())].join('\n');
}
