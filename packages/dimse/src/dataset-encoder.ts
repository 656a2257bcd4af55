import { encodingOfCharacterSet, fitsEncoding, type TextEncoding } from './charset.ts';
import type { DicomDictionary } from './dictionary.ts';
import { ByteWriter } from './byte-writer.ts';
import { DimseEncodingError } from './errors.ts';
import { TransferSyntaxUid } from './status.ts';
import type { DicomDataset, DicomValue, PersonNameGroups } from './types.ts';

/**
 * Writes a DicomDataset straight to Implicit or Explicit VR Little Endian bytes.
 *
 * Why not dcmjs: its writer encodes every text VR as UTF-8 (no Latin-1 answer possible), and the
 * path through dcmjs-dimse copies the whole ~5,000-entry dictionary per response and may transcode.
 * Sequences and items are written with undefined length and delimiters.
 */
export interface DatasetEncoder {
  encode(dataset: DicomDataset, transferSyntaxUid: string): Buffer;
  /** A DIMSE command set (group 0000, always Implicit VR LE), led by its Command Group Length. */
  encodeCommand(command: Record<string, unknown>): Buffer;
}

const CHARSET_TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);
const ASCII_TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);
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
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const NUMBER_WIDTH: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };
const HEX_TAG = /^[0-9A-Fa-f]{8}$/;
const UNDEFINED_LENGTH = 0xffffffff;

interface Element {
  tag: number;
  vr: string;
  keyword: string;
  value: DicomValue;
}

/** Whether an element's length field is 32-bit: always in Implicit VR, for some VRs in Explicit. */
function longLength(vr: string, explicit: boolean): boolean {
  return !explicit || LONG_LENGTH_VRS.has(vr);
}

function fail(keyword: string, problem: string): never {
  throw new DimseEncodingError(`cannot encode ${keyword}: ${problem}`, { keyword });
}

function formatDecimalString(value: number, keyword: string): string {
  if (!Number.isFinite(value)) fail(keyword, 'DS value is not a finite number');
  let text = String(value);
  for (let precision = 15; text.length > 16 && precision > 0; precision--) {
    text = value.toPrecision(precision).replace('e+', 'e');
  }
  return text;
}

function personName(value: PersonNameGroups): string {
  const groups = [value.Alphabetic ?? '', value.Ideographic ?? '', value.Phonetic ?? ''];
  while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

function textOf(value: unknown, vr: string, keyword: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (vr === 'DS') return formatDecimalString(value, keyword);
    if (vr === 'IS' && !Number.isSafeInteger(value)) fail(keyword, 'IS value is not an integer');
    return String(value);
  }
  if (Array.isArray(value)) return value.map((item) => textOf(item, vr, keyword)).join('\\');
  if (vr === 'PN' && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return personName(value);
  }
  return fail(keyword, `unexpected value type for VR ${vr}`);
}

function bytesOf(value: unknown, keyword: string): Uint8Array {
  if (value === null || value === '') return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return fail(keyword, 'binary VR needs a Uint8Array');
}

function numbersOf(value: unknown, keyword: string): number[] {
  if (value === null || value === '') return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    const n =
      typeof item === 'string' ? (HEX_TAG.test(item) ? Number.parseInt(item, 16) : Number(item)) : item;
    if (typeof n !== 'number' || !Number.isFinite(n)) return fail(keyword, 'value is not a number');
    return n;
  });
}

/** An item, item delimitation or sequence delimitation marker (group FFFE). */
function itemMarker(w: ByteWriter, element: number, length: number): void {
  w.uint16(0xfffe);
  w.uint16(element);
  w.uint32(length);
}

export function createDatasetEncoder(dictionary: DicomDictionary): DatasetEncoder {
  function elementsOf(dataset: DicomDataset, command = false): Element[] {
    const elements: Element[] = [];
    // Responses are built in tag order; sorting them anyway was the encoder's largest allocation.
    let ordered = true;
    let lastTag = -1;
    for (const keyword of Object.keys(dataset)) {
      const value = dataset[keyword];
      if (value === undefined || keyword === '_vrMap') continue;
      const info = dictionary.lookup(keyword);
      let element: Element;
      if (info !== undefined) {
        if (info.tag === 0) continue; // the group length is computed
        if (command !== (info.tag >>> 16 === 0x0000) || (!command && info.tag >>> 16 < 0x0008)) {
          fail(
            keyword,
            command ? 'not a command element' : 'command and file meta elements are not data set elements',
          );
        }
        element = { tag: info.tag, vr: info.vr, keyword, value };
      } else if (HEX_TAG.test(keyword) && (value instanceof Uint8Array || value === null)) {
        element = { tag: Number.parseInt(keyword, 16) >>> 0, vr: 'UN', keyword, value };
      } else {
        fail(keyword, 'unknown attribute keyword');
      }
      if (element.tag < lastTag) ordered = false;
      lastTag = element.tag;
      elements.push(element);
    }
    return ordered ? elements : elements.sort((a, b) => a.tag - b.tag);
  }

  /**
   * An element's tag, VR (explicit) and length field; returns where the length goes, so that it can
   * be set once the value is written (`writeElement`). A given `length` is written at once.
   */
  function header(w: ByteWriter, el: Element, explicit: boolean, length?: number): number {
    const long = longLength(el.vr, explicit);
    w.uint16(el.tag >>> 16);
    w.uint16(el.tag & 0xffff);
    if (explicit) {
      w.uint8(el.vr.charCodeAt(0));
      w.uint8(el.vr.charCodeAt(1));
      if (long) w.uint16(0);
    }
    const lengthAt = w.length;
    if (long) w.uint32(length ?? 0);
    else w.uint16(length ?? 0);
    return lengthAt;
  }

  /** A non-sequence element: header, value padded to an even length, then its length field. */
  function writeElement(w: ByteWriter, el: Element, explicit: boolean, encoding: TextEncoding): void {
    const lengthAt = header(w, el, explicit);
    const valueAt = w.length;
    const padding = writeValue(w, el, encoding);
    if ((w.length - valueAt) % 2 !== 0) w.uint8(padding);
    const length = w.length - valueAt;
    if (longLength(el.vr, explicit)) w.setUint32(lengthAt, length);
    else if (length > 0xffff) fail(el.keyword, 'value longer than 65535 bytes');
    else w.setUint16(lengthAt, length);
  }

  /** Writes an element's value; returns the byte that pads it to an even length. */
  function writeValue(w: ByteWriter, el: Element, encoding: TextEncoding): number {
    const { vr, keyword, value } = el;
    const width = NUMBER_WIDTH[vr];
    if (width !== undefined) {
      const numbers = numbersOf(value, keyword);
      const b = w.reserve(numbers.length * width);
      numbers.forEach((n, i) => writeNumber(b, vr, n, w.length + i * width, keyword));
      w.skip(numbers.length * width);
      return 0x00;
    }
    if (BINARY_VRS.has(vr)) {
      const raw = bytesOf(value, keyword);
      if (vr === 'OW' && raw.length % 2 !== 0) fail(keyword, 'OW value has an odd length');
      w.bytes(raw);
      return 0x00;
    }
    const text = textOf(value, vr, keyword);
    let textEncoding: TextEncoding;
    if (ASCII_TEXT_VRS.has(vr)) textEncoding = 'ascii';
    else if (CHARSET_TEXT_VRS.has(vr)) textEncoding = encoding;
    else return fail(keyword, `VR ${vr} is not supported`);
    if (!fitsEncoding(text, textEncoding)) {
      fail(
        keyword,
        `contains characters outside the ${textEncoding === 'ascii' ? 'default repertoire' : textEncoding} character set`,
      );
    }
    w.text(text, textEncoding === 'utf8' ? 'utf8' : 'latin1');
    return vr === 'UI' ? 0x00 : 0x20;
  }

  function writeDataset(
    w: ByteWriter,
    dataset: DicomDataset,
    explicit: boolean,
    inherited: TextEncoding,
  ): void {
    const own = dataset['SpecificCharacterSet'];
    const encoding = own === undefined ? inherited : encodingOfCharacterSet(own);
    for (const el of elementsOf(dataset)) {
      if (el.vr === 'SQ') {
        writeSequence(w, el, explicit, encoding);
        continue;
      }
      writeElement(w, el, explicit, encoding);
    }
  }

  function writeSequence(w: ByteWriter, el: Element, explicit: boolean, encoding: TextEncoding): void {
    const items = el.value === null || el.value === '' ? [] : el.value;
    if (!Array.isArray(items)) return fail(el.keyword, 'a sequence needs an array of data sets');
    if (items.length === 0) {
      header(w, el, explicit, 0);
      return;
    }
    header(w, el, explicit, UNDEFINED_LENGTH);
    for (const item of items as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Uint8Array) {
        fail(el.keyword, 'a sequence item must be a data set object');
      }
      itemMarker(w, 0xe000, UNDEFINED_LENGTH);
      writeDataset(w, item as DicomDataset, explicit, encoding);
      itemMarker(w, 0xe00d, 0);
    }
    itemMarker(w, 0xe0dd, 0);
  }

  return {
    encode(dataset, transferSyntaxUid) {
      if (
        transferSyntaxUid !== TransferSyntaxUid.ImplicitVrLittleEndian &&
        transferSyntaxUid !== TransferSyntaxUid.ExplicitVrLittleEndian
      ) {
        throw new DimseEncodingError('only Implicit and Explicit VR Little Endian are supported');
      }
      const w = new ByteWriter();
      writeDataset(w, dataset, transferSyntaxUid === TransferSyntaxUid.ExplicitVrLittleEndian, 'ascii');
      return w.toBuffer();
    },
    encodeCommand(command) {
      const w = new ByteWriter(256);
      // (0000,0000) Command Group Length, UL: the bytes of the elements after it.
      w.uint32(0);
      w.uint32(4);
      w.uint32(0);
      for (const el of elementsOf(command as DicomDataset, true)) {
        writeElement(w, el, false, 'ascii');
      }
      w.setUint32(8, w.length - 12);
      return w.toBuffer();
    },
  };
}

function writeNumber(b: Buffer, vr: string, n: number, offset: number, keyword: string): void {
  const integer = vr !== 'FL' && vr !== 'FD';
  if (integer && !Number.isInteger(n)) fail(keyword, `${vr} value is not an integer`);
  try {
    if (vr === 'US') b.writeUInt16LE(n, offset);
    else if (vr === 'SS') b.writeInt16LE(n, offset);
    else if (vr === 'UL') b.writeUInt32LE(n, offset);
    else if (vr === 'SL') b.writeInt32LE(n, offset);
    else if (vr === 'FL') b.writeFloatLE(n, offset);
    else if (vr === 'FD') b.writeDoubleLE(n, offset);
    else {
      b.writeUInt16LE(n >>> 16, offset);
      b.writeUInt16LE(n & 0xffff, offset + 2);
    }
  } catch {
    fail(keyword, `${vr} value out of range`);
  }
}
