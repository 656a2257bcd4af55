import { sha256Hex } from './sha256.ts';
import type { WorklistEntry } from './worklist-entry.ts';

/**
 * The change hash decides whether the writer touches a row: equal hash, no write.
 *
 * What counts: every field of the normalized entry except its identity (`source`, `sourceKey`),
 * which is the row's key, not its content. Absent optional fields and `undefined` are the same
 * thing; object key order never matters (keys are sorted at every depth). Bump HASH_VERSION when
 * the canonical form changes, so every row is rewritten once instead of silently mismatching.
 */
export const HASH_VERSION = 'v1';

const IDENTITY_FIELDS = new Set(['source', 'sourceKey']);

/** JSON with object keys sorted (UTF-16 code unit order) and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  return canonical(value, undefined);
}

// Plain loops, no intermediate arrays: this runs for every entry on both sides of the queue.
function canonical(value: unknown, skip: ReadonlySet<string> | undefined): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonical(value[i] ?? null, undefined);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || skip?.has(key)) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonical(member, undefined)}`;
  }
  return `${out}}`;
}

export function changeHash(entry: WorklistEntry): string {
  return sha256Hex(HASH_VERSION + canonical(entry, IDENTITY_FIELDS));
}
