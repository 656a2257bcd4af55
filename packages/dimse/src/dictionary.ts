import { loadDcmjs } from './lib.ts';

export interface AttributeInfo {
  /** `(group << 16 | element) >>> 0`, for sorting and writing. */
  tag: number;
  /** The VR to write; ambiguous dictionary VRs ("US or SS", "OB or OW") resolve to the first. */
  vr: string;
}

export interface DicomDictionary {
  /** Keyword → tag and VR; undefined for unknown keywords and repeating-group entries. */
  lookup(keyword: string): AttributeInfo | undefined;
  /** Tag → keyword (dcmjs' name, `RETIRED_` prefix included) and VR; undefined for unknown tags. */
  byTag(tag: number): { keyword: string; vr: string } | undefined;
}

const TAG_PATTERN = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i;
/** dcmjs' shorthand VRs: xs = US or SS, ox = OB or OW, lt = US, SS or OW, up = unsigned pointer. */
const SHORTHAND_VR: Readonly<Record<string, string>> = { xs: 'US', ox: 'OB', lt: 'OW', up: 'UL', na: 'UN' };

function normalizeVr(vr: string): string {
  const first = vr.split(' ')[0] ?? '';
  return SHORTHAND_VR[first] ?? first.toUpperCase();
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Keyword and tag lookups over the dcmjs dictionary, cached per instance (the dictionary has
 * ~5,000 entries; a data set uses a few dozen).
 */
export function createDicomDictionary(): DicomDictionary {
  const { nameMap, dictionary } = loadDcmjs().data.DicomMetaDictionary;
  const byKeyword = new Map<string, AttributeInfo | null>();
  const byTag = new Map<number, { keyword: string; vr: string } | null>();

  function parse(keyword: string): AttributeInfo | null {
    if (!Object.hasOwn(nameMap, keyword)) return null;
    const entry = nameMap[keyword];
    const match = entry === undefined ? null : TAG_PATTERN.exec(entry.tag);
    if (entry === undefined || match === null) return null;
    const group = Number.parseInt(match[1] ?? '', 16);
    const element = Number.parseInt(match[2] ?? '', 16);
    return { tag: ((group << 16) | element) >>> 0, vr: normalizeVr(entry.vr) };
  }

  return {
    lookup(keyword) {
      let info = byKeyword.get(keyword);
      if (info === undefined) {
        info = parse(keyword);
        byKeyword.set(keyword, info);
      }
      return info ?? undefined;
    },
    byTag(tag) {
      let info = byTag.get(tag);
      if (info === undefined) {
        const entry = dictionary[`(${hex4(tag >>> 16)},${hex4(tag & 0xffff)})`];
        info = entry ? { keyword: entry.name, vr: normalizeVr(entry.vr) } : null;
        byTag.set(tag, info);
      }
      return info ?? undefined;
    },
  };
}
