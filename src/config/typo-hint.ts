/**
 * "Did you mean …?" for an unknown config key: the known keys at the same place in the schema, nearest by
 * edit distance. Walks zod's own schema description, so a new config key is suggested without a list here.
 */
import type { z } from 'zod';

/** The nearest known key to `key` at `path`, when close enough to be a likely typo. */
export function suggestKey(schema: z.ZodType, path: readonly PropertyKey[], key: string): string | undefined {
  const known = keysAt(schema, path);
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // One slip in a short key, up to a third of the letters in a longer one: closer than that is a guess.
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.name : undefined;
}

/** Keys the object at `path` accepts (all branches of a union together). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: Def[] = [defOf(schema)];
  for (const part of path) nodes = nodes.flatMap((node) => childrenOf(node, part));
  return [...new Set(nodes.flatMap((node) => objectsOf(node).flatMap((o) => Object.keys(o.shape ?? {}))))];
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Optional, default, pipe and union wrappers removed: the object or collection underneath. */
function objectsOf(def: Def): Def[] {
  if (def.innerType) return objectsOf(defOf(def.innerType));
  if (def.type === 'pipe' && def.in) return objectsOf(defOf(def.in));
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => objectsOf(defOf(o)));
  return [def];
}

function childrenOf(def: Def, part: PropertyKey): Def[] {
  return objectsOf(def).flatMap((node) => {
    if (node.type === 'object') {
      const child = node.shape?.[String(part)];
      return child ? [defOf(child)] : [];
    }
    if (node.type === 'array' && node.element) return [defOf(node.element)];
    if (node.type === 'record' && node.valueType) return [defOf(node.valueType)];
    return [];
  });
}

/** Edit distance counting a swap of two neighbouring letters (`tsl` for `tls`) as one slip, like a typo. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
