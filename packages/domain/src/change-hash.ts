import { createHash } from 'node:crypto';
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

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function changeHash(entry: WorklistEntry): string {
  const content = Object.fromEntries(Object.entries(entry).filter(([key]) => !IDENTITY_FIELDS.has(key)));
  return createHash('sha256').update(HASH_VERSION).update(canonicalJson(content)).digest('hex');
}
