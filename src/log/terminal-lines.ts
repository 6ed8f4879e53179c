/**
 * Log lines for a person at a terminal: pino's JSON line (already redacted and scrubbed by the logger)
 * turned into one readable line, `12:04:05 WARN  [matrix] message key=value …`. Off a terminal the JSON
 * stays as it is (a collector reads it; tests and the bench look for `"msg":"ready"`).
 */
import { scrubText } from './scrub.js';

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line carries or that the line's layout already shows. */
const SHOWN = new Set(['level', 'time', 'msg', 'app', 'part', 'pid', 'hostname']);
/** Longest value shown inline; a longer one (a posted text, a stack) is cut, since the JSON log has it whole. */
const MAX_VALUE = 300;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters (an ANSI escape in a chat message) would drive the terminal: shown escaped instead. */
const printable = (text: string): string => text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function valueText(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  else if (value instanceof Object && 'message' in value && typeof value.message === 'string') text = JSON.stringify(value.message);
  else text = JSON.stringify(value) ?? String(value);
  return printable(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text);
}

/** One JSON log line as a readable line (without the newline); a line that is not JSON comes back as it was. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return printable(json.trimEnd());
  }
  const time = typeof entry['time'] === 'number' ? new Date(entry['time']).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVEL_NAMES[entry['level'] as number] ?? String(entry['level'])).padEnd(5);
  const part = typeof entry['part'] === 'string' ? ` [${printable(entry['part'])}]` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => ` ${printable(key)}=${valueText(value)}`)
    .join('');
  return `${time} ${level}${part} ${printable(String(entry['msg'] ?? ''))}${fields}`;
}

/**
 * A destination for pino that writes readable lines to `out`. Each line is scrubbed once more after
 * formatting: the JSON was scrubbed, and unescaping it must not bring a token's shape back.
 */
export function terminalLines(out: NodeJS.WritableStream): { write(chunk: string): boolean } {
  return {
    write(chunk: string): boolean {
      const lines = chunk.split('\n').filter((line) => line.length > 0);
      return out.write(lines.map((line) => `${scrubText(readableLine(line))}\n`).join(''));
    },
  };
}

/** Whether a destination is a terminal (process.stderr on a TTY). */
export const isTerminal = (destination: NodeJS.WritableStream): boolean => (destination as { isTTY?: boolean }).isTTY === true;
