/**
 * An MPPS data set as the gateway receives it: a plain object keyed by DICOM keyword (text already
 * decoded to Unicode with the message's own Specific Character Set, sequences as arrays of data
 * sets). The shape `@mwl/dimse` documents on `DicomDataset`; the domain keeps its own structural
 * type because it imports no I/O package.
 */
export type MppsDataset = Record<string, unknown>;

/** The stored form: JSON-safe (binary values such as private OB elements are left out). */
export type StoredMppsAttributes = Record<string, unknown>;

export type Presence = 'absent' | 'empty' | 'present';

/** Absent (`undefined`), present but zero-length (`null`, `''`, blanks, `[]`), or with a value. */
export function presenceOf(value: unknown): Presence {
  if (value === undefined) return 'absent';
  if (value === null) return 'empty';
  if (typeof value === 'string') return value.trim() === '' ? 'empty' : 'present';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'empty';
    return value.every((v) => typeof v === 'string' && v.trim() === '') ? 'empty' : 'present';
  }
  return 'present';
}

/** The first text value of an attribute, trimmed; undefined when absent or empty. */
export function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first === 'string') return first.trim() === '' ? undefined : first.trim();
  if (typeof first === 'number') return String(first);
  return undefined;
}

/** The items of a sequence attribute (an empty list for anything that is not a sequence). */
export function itemsOf(value: unknown): MppsDataset[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter(
    (item): item is MppsDataset => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

function storable(value: unknown): unknown {
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) =>
      typeof item === 'object' && item !== null && !Array.isArray(item)
        ? toStoredAttributes(item as MppsDataset)
        : storable(item),
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/**
 * The data set as JSON-safe attributes: binary values (OB/OW/UN, private elements) are dropped,
 * everything else is kept as received, sequences included.
 */
export function toStoredAttributes(dataset: MppsDataset): StoredMppsAttributes {
  const out: StoredMppsAttributes = {};
  for (const [keyword, value] of Object.entries(dataset)) {
    const stored = storable(value);
    if (stored !== undefined) out[keyword] = stored;
  }
  return out;
}
