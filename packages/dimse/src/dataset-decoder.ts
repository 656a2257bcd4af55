import { decodeLatin1, decoderForCharacterSet, type TextDecodeFn } from './charset.ts';
import type { DicomDictionary } from './dictionary.ts';
import { DimseDecodingError } from './errors.ts';
import { TransferSyntaxUid } from './status.ts';
import type { DicomDataset, DicomValue } from './types.ts';

/**
 * Reads Implicit or Explicit VR Little Endian data set bytes into a DicomDataset.
 *
 * Why not dcmjs: dcmjs 0.50 decodes the text inside sequence items as Latin-1 whatever the Specific
 * Character Set says (each item gets a fresh stream with the default decoder), so a UTF-8 name in
 * the SPS item of a query arrives garbled; it also reads a zero-length US as 0 and rewrites
 * SpecificCharacterSet to ISO_IR 192. Here items inherit the character set of their parent, empty
 * numbers read as null, and SpecificCharacterSet is returned as the peer sent it.
 */
export interface DatasetDecoder {
  decode(bytes: Uint8Array, transferSyntaxUid: string): DicomDataset;
}

/** Shape limits for data sets from peers: deeper nesting or more items is refused as malformed. */
export interface DecoderLimits {
  /** Sequences within sequences: 1 for a sequence at the top level. */
  maxSequenceDepth: number;
  /** Items across all sequences of one data set. */
  maxSequenceItems: number;
}

const NO_LIMITS: DecoderLimits = { maxSequenceDepth: Infinity, maxSequenceItems: Infinity };

const LONG_LENGTH_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const CHARSET_TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);
const ASCII_TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);
const SINGLE_VALUED_TEXT = new Set(['LT', 'ST', 'UT', 'UR']);
const NUMBER_WIDTH: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };
const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function hexTag(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}

function fail(message: string): never {
  throw new DimseDecodingError(`malformed data set: ${message}`);
}

class Cursor {
  readonly buf: Buffer;
  pos: number;

  constructor(buf: Buffer) {
    this.buf = buf;
    this.pos = 0;
  }

  need(count: number, end: number): void {
    if (this.pos + count > end) fail(`element at offset ${this.pos} runs past the end`);
  }

  tag(): number {
    return ((this.buf.readUInt16LE(this.pos) << 16) | this.buf.readUInt16LE(this.pos + 2)) >>> 0;
  }
}

export function createDatasetDecoder(
  dictionary: DicomDictionary,
  limits: DecoderLimits = NO_LIMITS,
): DatasetDecoder {
  let itemsLeft = 0;

  function implicitVr(tag: number): string {
    if ((tag & 0xffff) === 0) return 'UL';
    const known = dictionary.byTag(tag)?.vr;
    if (known !== undefined) return known;
    const group = tag >>> 16;
    const element = tag & 0xffff;
    return group % 2 === 1 && element >= 0x10 && element <= 0xff ? 'LO' : 'UN';
  }

  function text(bytes: Buffer, vr: string, decodeText: TextDecodeFn): DicomValue {
    const raw = ASCII_TEXT_VRS.has(vr) || !CHARSET_TEXT_VRS.has(vr) ? decodeLatin1(bytes) : decodeText(bytes);
    const parts = (SINGLE_VALUED_TEXT.has(vr) ? [raw] : raw.split('\\')).map((part) => {
      const trimmed = part.replace(/[\0 ]+$/, '');
      return ASCII_TEXT_VRS.has(vr) ? trimmed.trimStart() : trimmed;
    });
    const values: (string | number)[] =
      vr === 'DS' || vr === 'IS' ? parts.map((p) => (NUMBER_TEXT.test(p) ? Number(p) : p)) : parts;
    if ((vr === 'DS' || vr === 'IS') && values.length === 1 && values[0] === '') return null;
    return values.length === 1 ? (values[0] ?? '') : values;
  }

  function numbers(bytes: Buffer, vr: string, width: number): DicomValue {
    if (bytes.length % width !== 0) fail(`${vr} value length ${bytes.length} is not a multiple of ${width}`);
    const values: number[] = [];
    for (let at = 0; at < bytes.length; at += width) {
      if (vr === 'US') values.push(bytes.readUInt16LE(at));
      else if (vr === 'SS') values.push(bytes.readInt16LE(at));
      else if (vr === 'UL') values.push(bytes.readUInt32LE(at));
      else if (vr === 'SL') values.push(bytes.readInt32LE(at));
      else if (vr === 'FL') values.push(bytes.readFloatLE(at));
      else if (vr === 'FD') values.push(bytes.readDoubleLE(at));
      else values.push(((bytes.readUInt16LE(at) << 16) | bytes.readUInt16LE(at + 2)) >>> 0);
    }
    if (values.length === 0) return null;
    return values.length === 1 ? (values[0] ?? null) : values;
  }

  function value(bytes: Buffer, vr: string, decodeText: TextDecodeFn): DicomValue {
    const width = NUMBER_WIDTH[vr];
    if (width !== undefined) return numbers(bytes, vr, width);
    if (ASCII_TEXT_VRS.has(vr) || CHARSET_TEXT_VRS.has(vr)) return text(bytes, vr, decodeText);
    return new Uint8Array(bytes);
  }

  function readItems(
    c: Cursor,
    length: number,
    end: number,
    explicit: boolean,
    decodeText: TextDecodeFn,
    depth: number,
  ): DicomDataset[] {
    if (depth > limits.maxSequenceDepth) fail(`sequences nested deeper than ${limits.maxSequenceDepth}`);
    const items: DicomDataset[] = [];
    const stop = length === UNDEFINED_LENGTH ? end : c.pos + length;
    if (stop > end) fail('sequence longer than its container');
    while (c.pos < stop) {
      c.need(8, stop);
      const tag = c.tag();
      const itemLength = c.buf.readUInt32LE(c.pos + 4);
      c.pos += 8;
      if (tag === SEQUENCE_END) {
        if (length !== UNDEFINED_LENGTH) fail('sequence delimiter in a sequence of defined length');
        return items;
      }
      if (tag !== ITEM) fail(`unexpected tag ${hexTag(tag)} in a sequence`);
      if (--itemsLeft < 0) fail(`more than ${limits.maxSequenceItems} sequence items`);
      const itemEnd = itemLength === UNDEFINED_LENGTH ? stop : c.pos + itemLength;
      if (itemEnd > stop) fail('item longer than its sequence');
      items.push(readDataset(c, itemEnd, explicit, decodeText, itemLength === UNDEFINED_LENGTH, depth));
    }
    if (length === UNDEFINED_LENGTH) fail('sequence without a delimiter');
    return items;
  }

  function readDataset(
    c: Cursor,
    end: number,
    explicit: boolean,
    inherited: TextDecodeFn,
    delimited: boolean,
    depth: number,
  ): DicomDataset {
    const out: DicomDataset = {};
    let decodeText = inherited;
    while (c.pos < end) {
      c.need(8, end);
      const tag = c.tag();
      if (tag === ITEM_END && delimited) {
        c.pos += 8;
        return out;
      }
      if (tag >>> 16 === 0xfffe) fail(`unexpected delimiter ${hexTag(tag)}`);
      let vr: string;
      let length: number;
      if (explicit) {
        vr = c.buf.toString('latin1', c.pos + 4, c.pos + 6);
        if (!/^[A-Z]{2}$/.test(vr)) fail(`invalid VR at offset ${c.pos}`);
        if (LONG_LENGTH_VRS.has(vr)) {
          c.need(12, end);
          length = c.buf.readUInt32LE(c.pos + 8);
          c.pos += 12;
        } else {
          length = c.buf.readUInt16LE(c.pos + 6);
          c.pos += 8;
        }
      } else {
        vr = implicitVr(tag);
        length = c.buf.readUInt32LE(c.pos + 4);
        c.pos += 8;
      }
      const known = dictionary.byTag(tag);
      const key = known?.keyword ?? hexTag(tag);
      if (vr === 'SQ' || (length === UNDEFINED_LENGTH && vr === 'UN')) {
        const itemsExplicit = vr === 'UN' ? false : explicit;
        out[key] = readItems(c, length, end, itemsExplicit, decodeText, depth + 1);
        continue;
      }
      if (length === UNDEFINED_LENGTH) fail(`undefined length on VR ${vr}`);
      c.need(length, end);
      const bytes = c.buf.subarray(c.pos, c.pos + length);
      c.pos += length;
      if ((tag & 0xffff) === 0) continue; // group lengths carry nothing for the caller
      const decoded = value(bytes, vr, decodeText);
      out[key] = decoded;
      if (tag === 0x00080005) decodeText = decoderForCharacterSet(decoded ?? undefined);
    }
    if (delimited) fail('item without a delimiter');
    return out;
  }

  return {
    decode(bytes, transferSyntaxUid) {
      const explicit = transferSyntaxUid !== TransferSyntaxUid.ImplicitVrLittleEndian;
      if (explicit && transferSyntaxUid !== TransferSyntaxUid.ExplicitVrLittleEndian) {
        throw new DimseDecodingError('only Implicit and Explicit VR Little Endian are supported');
      }
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      itemsLeft = limits.maxSequenceItems;
      return readDataset(new Cursor(buf), buf.length, explicit, decodeLatin1, false, 0);
    },
  };
}
