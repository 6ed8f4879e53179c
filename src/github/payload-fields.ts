/**
 * Reading a webhook payload's fields without trusting its shape. A delivery is signed by GitHub, but its
 * body is whatever JSON was signed: a field GitHub always sends may still be missing (a hook set up by hand,
 * a newer or older GitHub). A reaction reads its fields here and ignores a delivery that lacks them, rather
 * than throwing, which would answer 500 ("redeliver to retry") to a delivery that can never succeed.
 */

/** The value at `path` in `payload`, or undefined where any step is not an object. */
export function fieldAt(payload: unknown, ...path: string[]): unknown {
  let value = payload;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A full commit id (40 hex digits), or null. */
export function commitAt(payload: unknown, ...path: string[]): string | null {
  const value = fieldAt(payload, ...path);
  return typeof value === 'string' && /^[0-9a-f]{40}$/.test(value) ? value : null;
}
