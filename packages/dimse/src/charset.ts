import { DimseEncodingError } from './errors.ts';
import type { DicomValue } from './types.ts';

/** Byte encodings a response can be written in (Node Buffer encodings). */
export type TextEncoding = 'ascii' | 'latin1' | 'utf8';

const ENCODING_BY_TERM: Readonly<Record<string, TextEncoding>> = {
  '': 'ascii',
  'ISO_IR 6': 'ascii',
  'ISO_IR 100': 'latin1',
  'ISO_IR 192': 'utf8',
};

/**
 * The byte encoding declared by a Specific Character Set (0008,0005) value. Only single-byte sets
 * without code extensions are supported: absent/ISO_IR 6 (default repertoire), ISO_IR 100
 * (Latin-1) and ISO_IR 192 (UTF-8). Anything else throws: the gateway only answers in these.
 */
export function encodingOfCharacterSet(value: DicomValue | undefined): TextEncoding {
  if (value === undefined || value === null) return 'ascii';
  const terms: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (terms.length > 1) {
    throw new DimseEncodingError('multi-valued Specific Character Set (code extensions) is not supported', {
      keyword: 'SpecificCharacterSet',
    });
  }
  const term = terms[0];
  const encoding =
    typeof term === 'string' ? ENCODING_BY_TERM[term.trim()] : term === undefined ? 'ascii' : undefined;
  if (encoding === undefined) {
    throw new DimseEncodingError('unsupported Specific Character Set', { keyword: 'SpecificCharacterSet' });
  }
  return encoding;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Highest code point an encoding can represent byte for byte. */
function maxCodePoint(encoding: TextEncoding): number {
  return encoding === 'ascii' ? 0x7f : encoding === 'latin1' ? 0xff : 0x10ffff;
}

/** True when every character of `text` is representable in `encoding` (no lone surrogates in UTF-8). */
export function fitsEncoding(text: string, encoding: TextEncoding): boolean {
  if (encoding === 'utf8') return !LONE_SURROGATE.test(text);
  const max = maxCodePoint(encoding);
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > max) return false;
  }
  return true;
}

/**
 * True when `text` can be sent under the given Specific Character Set value unchanged. The gateway
 * uses it to decide when an ISO_IR 100 answer needs transliteration.
 */
export function isEncodable(text: string, specificCharacterSet: string | undefined): boolean {
  return fitsEncoding(text, encodingOfCharacterSet(specificCharacterSet));
}

/** WHATWG labels for the Specific Character Set terms we can decode (incoming data is read leniently). */
const DECODER_LABEL_BY_TERM: Readonly<Record<string, string>> = {
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'tis-620',
  ISO_IR_192: 'utf-8',
  ISO_2022_IR_87: 'iso-2022-jp',
  ISO_2022_IR_159: 'iso-2022-jp',
  ISO_2022_IR_149: 'euc-kr',
  ISO_2022_IR_58: 'gb2312',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

export type TextDecodeFn = (bytes: Uint8Array) => string;

/** ISO-8859-1 byte for byte (TextDecoder's "latin1" is really windows-1252). */
export const decodeLatin1: TextDecodeFn = (bytes) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/**
 * A text decoder for a received Specific Character Set value. ISO 2022 code extensions are decoded
 * with the decoder of their multi-byte set when one is named, else as Latin-1; unknown terms fall
 * back to Latin-1 so that no byte is lost.
 */
export function decoderForCharacterSet(value: DicomValue | undefined): TextDecodeFn {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  const terms = list.map((term) =>
    typeof term === 'string'
      ? term
          .trim()
          .replace(/[ -]/g, '_')
          .replace(/^ISO_2022_IR_(6|100)$/, 'ISO_IR_$1')
      : '',
  );
  const labels = terms.map((term) => DECODER_LABEL_BY_TERM[term]).filter((label) => label !== undefined);
  const label = labels.find((l) => l.startsWith('iso-2022') || l === 'euc-kr' || l === 'gb2312') ?? labels[0];
  if (label === undefined || label === 'latin1') return decodeLatin1;
  const decoder = new TextDecoder(label);
  return (bytes) => decoder.decode(bytes);
}
