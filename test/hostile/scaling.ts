/**
 * Scaling measurements for the hostile suite: how an operation's time grows with its input's size.
 * Never an absolute time: each size is compared with the smallest (time per call at k× size over time per
 * call at 1×), and the check fails when that ratio is over k × SLACK, i.e. when time grows faster than
 * linearly (quadratic code shows k², 10× the allowance at 10× already). Each size runs in a batch long enough
 * to measure (calls per batch calibrated at 1× and divided by k), several times, the fastest batch kept:
 * a busy 2-core machine only ever makes a run slower, never faster.
 */

/** How much worse than linear a ratio may be before it counts as super-linear (GC, caches, a busy machine). */
export const SLACK = 4;
const BATCH_NS = 20_000_000;

export interface Family<T> {
  readonly name: string;
  /** Sizes in the family's unit (characters, words, keys), smallest first; ratios are against the first. */
  readonly sizes: readonly number[];
  readonly make: (size: number) => T;
  readonly run: (input: T) => unknown;
  readonly repetitions?: number;
  /** The growth allowed at k× size (default: linear, k). */
  readonly expected?: (k: number) => number;
}

export interface Row {
  readonly family: string;
  readonly size: number;
  readonly k: number;
  readonly nsPerCall: number;
  readonly ratio: number;
  readonly limit: number;
  readonly ok: boolean;
}

/**
 * Time per call over `calls` calls; a batch that runs past `stopAfterNs` stops there (quadratic code would
 * otherwise run a batch sized for linear code for hours) and reports its time per call so far.
 */
async function batch<T>(family: Family<T>, input: T, calls: number, stopAfterNs = Infinity): Promise<number> {
  const start = process.hrtime.bigint();
  let done = 0;
  let elapsed = 0;
  while (done < calls) {
    const result = family.run(input);
    if (result instanceof Promise) await result;
    done += 1;
    elapsed = Number(process.hrtime.bigint() - start);
    if (elapsed > stopAfterNs) break;
  }
  return elapsed / done;
}

/** Calls per batch at the smallest size: doubled until a batch takes BATCH_NS. */
async function calibrate<T>(family: Family<T>, input: T): Promise<number> {
  let calls = 1;
  while (calls < 1_000_000 && (await batch(family, input, calls)) * calls < BATCH_NS) calls *= 2;
  return calls;
}

/**
 * Measures each size in turn; stops at the first size over its limit (the rows say so), so quadratic code
 * fails in a second instead of running for minutes at the largest size.
 */
export async function measure<T>(family: Family<T>): Promise<Row[]> {
  const [smallest = 1] = family.sizes;
  const repetitions = family.repetitions ?? 5;
  const rows: Row[] = [];
  let base = 0;
  let calls = 1;
  for (const size of family.sizes) {
    const input = family.make(size);
    const k = size / smallest;
    if (k === 1) calls = await calibrate(family, input);
    const allowed = (family.expected ?? ((x: number) => x))(k);
    // As many calls as keep the batch as long as at 1× if time grows as allowed (too few calls measure nothing).
    const n = Math.max(1, Math.ceil(calls / allowed));
    let best = Infinity;
    const limit = allowed * SLACK;
    // Twice over the limit already is a failure whatever the rest of the batch does.
    const stopAfter = k === 1 ? Infinity : 2 * limit * base * n;
    for (let r = 0; r < repetitions; r += 1) {
      best = Math.min(best, await batch(family, input, n, stopAfter));
      if (k > 1 && best / base > 2 * limit && r >= 1) break;
    }
    if (k === 1) base = best;
    const ratio = best / base;
    const ok = k === 1 || ratio <= limit;
    rows.push({ family: family.name, size, k, nsPerCall: best, ratio, limit, ok });
    if (!ok) break;
  }
  return rows;
}

/** The table the suite prints: family, size, time per call, ratio to 1× and the ratio allowed. */
export function formatRows(rows: readonly Row[]): string {
  const head = ['family', 'size', 'k', 'µs/call', 'ratio', 'allowed', ''];
  const body = rows.map((r) => [r.family, r.size.toLocaleString('en-US'), `${r.k}×`, (r.nsPerCall / 1000).toFixed(2), r.ratio.toFixed(1), r.k === 1 ? '' : `≤ ${r.limit}`, r.ok ? '' : 'SUPER-LINEAR']);
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
