/**
 * Reading values out of a naturalized C-FIND identifier (dcmjs style: keyword → value, sequences
 * as arrays of objects, `null` for a zero-length element, PN possibly as `{ Alphabetic, ... }`,
 * numbers for US/DS, multiple values either as arrays or as one backslash-separated string).
 */

export type NaturalizedDataset = Record<string, unknown>;

const PN_GROUPS = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;

/** Keys that are bookkeeping, not attributes: dcmjs' `_vrMap`/`_meta`, group lengths. */
export function isBookkeepingKey(key: string): boolean {
  return key.startsWith('_') || /GroupLength$/.test(key) || /^[0-9A-Fa-f]{4}0000$/.test(key);
}

/** A key that is a tag rather than a keyword (private or unknown to the dictionary). */
export function isTagKey(key: string): boolean {
  return /^[0-9A-Fa-f]{8}$/.test(key);
}

function isPersonNameObject(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => (PN_GROUPS as readonly string[]).includes(key));
}

function personNameString(value: Record<string, unknown>): string {
  const groups = PN_GROUPS.map((group) => (typeof value[group] === 'string' ? value[group] : ''));
  while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

function flatten(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  if (typeof raw === 'string') return raw.split('\\');
  if (typeof raw === 'number' || typeof raw === 'bigint') return [String(raw)];
  if (Array.isArray(raw)) return raw.flatMap((value) => flatten(value));
  if (typeof raw === 'object' && isPersonNameObject(raw)) {
    return [personNameString(raw as Record<string, unknown>)];
  }
  return [];
}

/** Leading and trailing spaces are padding except leading spaces of PN (PS3.5 6.2). */
function trimValue(value: string, vr: string): string {
  // eslint-disable-next-line no-control-regex
  const withoutNul = value.replace(/\u0000+$/, '');
  return vr === 'PN' ? withoutNul.trimEnd() : withoutNul.trim();
}

/**
 * The values of a non-sequence key, trimmed; empty values dropped. An empty result is a
 * zero-length key (Universal Matching).
 */
export function readValues(raw: unknown, vr: string): string[] {
  return flatten(raw)
    .map((value) => trimValue(value, vr))
    .filter((value) => value !== '');
}

/** True when a raw value looks like a sequence (an array of items, or one item object). */
export function looksLikeSequence(raw: unknown): boolean {
  if (Array.isArray(raw)) {
    return raw.length > 0 && raw.every((item) => isItem(item));
  }
  return isItem(raw);
}

function isItem(value: unknown): value is NaturalizedDataset {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isPersonNameObject(value);
}

/**
 * The items of a sequence key: `[]` for a zero-length sequence; a lone object counts as one item.
 * Returns undefined when the value is not a sequence at all.
 */
export function readItems(raw: unknown): NaturalizedDataset[] | undefined {
  if (raw === null || raw === undefined || raw === '') return [];
  if (Array.isArray(raw)) return raw.every((item) => isItem(item)) ? raw : undefined;
  return isItem(raw) ? [raw] : undefined;
}

/** The attribute keys of an item (bookkeeping keys left out). */
export function attributeKeys(dataset: NaturalizedDataset): string[] {
  return Object.keys(dataset).filter((key) => !isBookkeepingKey(key));
}
