import { KNOWN_KEYS } from './config-schema.ts';
import { isCommentKey } from './pylantir-keys.ts';
import { isPlainObject } from './is-plain-object.ts';

/** `data_sources[2].operation_interval` → `data_sources[].operation_interval`. */
export function pathPattern(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += '[]';
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function childPattern(pattern: string, key: string): string {
  return pattern === '' ? key : `${pattern}.${key}`;
}

/**
 * Walks the objects the schema owns (not plugin `config` or `field_mapping`) and calls `visit`
 * for each, with its pattern, returning a copy rebuilt from what `visit` returns.
 */
function mapOwnedObjects(
  value: unknown,
  pattern: string,
  visit: (object: Record<string, unknown>, pattern: string) => Record<string, unknown>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => mapOwnedObjects(item, `${pattern}[]`, visit));
  if (!isPlainObject(value) || KNOWN_KEYS[pattern] === undefined) return value;
  const visited = visit(value, pattern);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(visited))
    out[key] = mapOwnedObjects(child, childPattern(pattern, key), visit);
  return out;
}

/** Drops comment keys (`_…`) wherever the schema owns the object. */
export function stripCommentKeys(config: Record<string, unknown>): Record<string, unknown> {
  return mapOwnedObjects(config, '', (object) =>
    Object.fromEntries(Object.entries(object).filter(([key]) => !isCommentKey(key))),
  ) as Record<string, unknown>;
}

/**
 * Stable key order for writing a config: comments first, then known keys in schema order, then
 * anything else alphabetically. Plugin `config`/`field_mapping` keep the order they were written in.
 */
export function orderKeys(config: Record<string, unknown>): Record<string, unknown> {
  return mapOwnedObjects(config, '', (object, pattern) => {
    const known = KNOWN_KEYS[pattern] ?? [];
    const keys = Object.keys(object);
    const comments = keys.filter(isCommentKey);
    const ordered = known.filter((key) => key in object);
    const rest = keys.filter((key) => !isCommentKey(key) && !known.includes(key)).sort();
    return Object.fromEntries([...comments, ...ordered, ...rest].map((key) => [key, object[key]]));
  }) as Record<string, unknown>;
}
