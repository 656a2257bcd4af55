import type { DicomDictionary } from './dictionary.ts';
import type { DicomDataset, DicomValue, PersonNameGroups } from './types.ts';

/**
 * Turns a dcmjs "naturalized" data set (what dcmjs-dimse's `Dataset.getElements()` returns) into the
 * package's DicomDataset shape: PN objects become DICOM strings, zero-length PN becomes `''`,
 * ArrayBuffers become Uint8Arrays, the `_vrMap` bookkeeping key is dropped, sequences recurse.
 */
export function fromNaturalized(
  elements: Record<string, unknown>,
  dictionary: DicomDictionary,
): DicomDataset {
  const out: DicomDataset = {};
  for (const [keyword, value] of Object.entries(elements)) {
    if (keyword === '_vrMap' || value === undefined) continue;
    const vr = dictionary.lookup(keyword)?.vr;
    out[keyword] = convertValue(value, vr, dictionary);
  }
  return out;
}

function personNameText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  const groups = value as PersonNameGroups;
  const parts = [groups.Alphabetic ?? '', groups.Ideographic ?? '', groups.Phonetic ?? ''];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('=');
}

function toBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function convertValue(value: unknown, vr: string | undefined, dictionary: DicomDictionary): DicomValue {
  if (vr === 'SQ') {
    const items = Array.isArray(value) ? value : [];
    return items
      .filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
      .map((item) => fromNaturalized(item, dictionary));
  }
  if (vr === 'PN') {
    const names = (Array.isArray(value) ? value : [value]).map(personNameText);
    if (names.length === 0) return '';
    return names.length === 1 ? (names[0] ?? '') : names;
  }
  if (isBinary(value)) return toBytes(value);
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isBinary)) {
      return Buffer.concat(value.map((part) => toBytes(part as ArrayBuffer)));
    }
    if (value.length === 0) return vr === undefined || isNumericVr(vr) ? null : '';
    return value as DicomValue;
  }
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  return null;
}

function isNumericVr(vr: string): boolean {
  return ['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'DS', 'IS', 'AT'].includes(vr);
}
