import { createDicomDictionary, type DicomDictionary } from './dictionary.ts';
import type { DicomDataset, DicomPrimitive, DicomValue } from './types.ts';

/** An attribute in the DICOM JSON Model (PS3.18 F.2). */
export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonElement>;

/** Where a DICOM JSON body is malformed: a path of tags (`00400270[0].0020000D`), no value. */
export interface DicomJsonProblem {
  path: string;
  message: string;
}

export type DicomJsonDecoded =
  { ok: true; dataset: DicomDataset } | { ok: false; problems: DicomJsonProblem[] };

/**
 * DICOM JSON (PS3.18 F.2) to and from the keyword-keyed DicomDataset the DIMSE side hands to its
 * handlers, so a data set that arrives over DICOMweb reaches the same domain code in the same
 * shape: PN as DICOM strings (`Alphabetic=Ideographic=Phonetic`), one value as a scalar, several as
 * an array, zero-length as `''` (numbers: null, sequences: `[]`), sequences as arrays of data sets.
 * Unknown and private tags and binary values (InlineBinary, BulkDataURI) are left out, as the MPPS
 * store leaves binary values out.
 */
export interface DicomJsonCodec {
  /** A body parsed from JSON: one data set, or an array holding exactly one. */
  decode(json: unknown): DicomJsonDecoded;
  /** Attributes of unknown keywords and binary values are left out; tags in ascending order. */
  encode(dataset: Readonly<Record<string, unknown>>): DicomJsonDataset;
  /** The 8-digit tag of a keyword or of a tag written in any case; undefined when unknown. */
  tagOf(attribute: string): string | undefined;
}

const MAX_DEPTH = 8;
const MAX_ELEMENTS = 10_000;
const MAX_PROBLEMS = 20;
const TAG = /^[0-9A-Fa-f]{8}$/;
const VR = /^[A-Z]{2}$/;
const NUMERIC_VRS = new Set(['DS', 'IS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'UV', 'SV']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const PN_GROUPS = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagNumber(tag: string): number {
  return Number.parseInt(tag, 16) >>> 0;
}

function tagText(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}

function personName(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  const groups = PN_GROUPS.map((group) => value[group]);
  if (groups.some((group) => group !== undefined && typeof group !== 'string')) return undefined;
  const parts = groups.map((group) => (group as string | undefined) ?? '');
  while (parts.length > 1 && parts.at(-1) === '') parts.pop();
  return parts.join('=');
}

/** A stored scalar as text (anything else, which the store never holds, as empty). */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function primitive(value: unknown, vr: string): DicomPrimitive | undefined {
  if (vr === 'PN') return personName(value);
  if (NUMERIC_VRS.has(vr)) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      return Number(value);
    }
    return undefined;
  }
  if (value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

export function createDicomJsonCodec(dictionary: DicomDictionary = createDicomDictionary()): DicomJsonCodec {
  function decode(json: unknown): DicomJsonDecoded {
    const problems: DicomJsonProblem[] = [];
    let elements = 0;
    const fail = (path: string, message: string) => {
      if (problems.length < MAX_PROBLEMS) problems.push({ path: path || 'body', message });
    };

    function dataset(object: unknown, path: string, depth: number): DicomDataset {
      const out: DicomDataset = {};
      if (!isRecord(object)) {
        fail(path, 'must be a DICOM JSON data set (an object keyed by tag)');
        return out;
      }
      if (depth > MAX_DEPTH) {
        fail(path, `sequences nest deeper than ${MAX_DEPTH}`);
        return out;
      }
      for (const [tag, element] of Object.entries(object)) {
        if (++elements > MAX_ELEMENTS) {
          fail('body', `more than ${MAX_ELEMENTS} attributes`);
          return out;
        }
        const at = `${path}${tag.slice(0, 16)}`;
        if (!TAG.test(tag)) {
          fail(at, 'is not an 8-digit hexadecimal tag');
          continue;
        }
        if (!isRecord(element) || typeof element['vr'] !== 'string' || !VR.test(element['vr'])) {
          fail(at, 'must be an object with a two-letter "vr"');
          continue;
        }
        const keyword = dictionary.byTag(tagNumber(tag))?.keyword;
        const vr = element['vr'];
        if (keyword === undefined || BINARY_VRS.has(vr)) continue;
        const values = element['Value'];
        if (values !== undefined && !Array.isArray(values)) {
          fail(at, '"Value" must be an array');
          continue;
        }
        const value = attribute(values ?? [], vr, at, depth);
        if (value !== undefined) out[keyword] = value;
      }
      return out;
    }

    function attribute(values: unknown[], vr: string, at: string, depth: number): DicomValue | undefined {
      if (vr === 'SQ') return values.map((item, i) => dataset(item, `${at}[${i}].`, depth + 1));
      if (values.length === 0) return NUMERIC_VRS.has(vr) ? null : '';
      const converted: DicomPrimitive[] = [];
      for (const value of values) {
        const one = primitive(value, vr);
        if (one === undefined) {
          fail(at, `holds a value that is not valid for VR ${vr}`);
          return undefined;
        }
        converted.push(one);
      }
      return converted.length === 1 ? converted[0] : converted;
    }

    const body = Array.isArray(json) && json.length === 1 ? (json[0] as unknown) : json;
    const decoded = dataset(body, '', 0);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, dataset: decoded };
  }

  function element(value: unknown, vr: string): DicomJsonElement | undefined {
    if (value instanceof Uint8Array || BINARY_VRS.has(vr)) return undefined;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (value === null || value === '' || values.length === 0) return { vr };
    if (vr === 'SQ') {
      return { vr, Value: values.filter(isRecord).map((item) => encode(item)) };
    }
    if (vr === 'PN') {
      return {
        vr,
        Value: values.map((name) => {
          const parts = scalarText(name).split('=');
          const groups: Record<string, string> = {};
          PN_GROUPS.forEach((group, i) => {
            if (parts[i]) groups[group] = parts[i];
          });
          return Object.keys(groups).length === 0 ? null : groups;
        }),
      };
    }
    if (NUMERIC_VRS.has(vr)) {
      const numbers = values.map((v) => (v === null || v === '' ? null : Number(v)));
      return { vr, Value: numbers.map((n) => (n === null || Number.isFinite(n) ? n : null)) };
    }
    return { vr, Value: values.map((v) => (v === null || v === undefined ? null : scalarText(v))) };
  }

  function encode(dataset: Readonly<Record<string, unknown>>): DicomJsonDataset {
    const entries: [number, DicomJsonElement][] = [];
    for (const [keyword, value] of Object.entries(dataset)) {
      const info = value === undefined ? undefined : dictionary.lookup(keyword);
      if (!info) continue;
      const encoded = element(value, info.vr);
      if (encoded) entries.push([info.tag, encoded]);
    }
    entries.sort(([a], [b]) => a - b);
    return Object.fromEntries(entries.map(([tag, encoded]) => [tagText(tag), encoded]));
  }

  function tagOf(attribute: string): string | undefined {
    if (TAG.test(attribute)) {
      return dictionary.byTag(tagNumber(attribute)) ? attribute.toUpperCase() : undefined;
    }
    const info = dictionary.lookup(attribute);
    return info ? tagText(info.tag) : undefined;
  }

  return { decode, encode, tagOf };
}
