import type { DicomDictionary } from './dictionary.ts';
import type { LibDataset } from './lib.ts';

const HEX_TAG = /^[0-9A-Fa-f]{8}$/;

/** Error Comment (0000,0902) is LO: at most 64 characters, and we keep it printable ASCII. */
export function commandComment(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
}

/** Keyword, `GGGGEEEE` hex or number → numeric tag; undefined when unknown. */
export function tagOf(identifier: string | number, dictionary: DicomDictionary): number | undefined {
  if (typeof identifier === 'number') return Number.isInteger(identifier) ? identifier >>> 0 : undefined;
  if (HEX_TAG.test(identifier)) return Number.parseInt(identifier, 16) >>> 0;
  return dictionary.lookup(identifier)?.tag;
}

/**
 * Sets Error Comment, Error ID and Attribute Identifier List on a response's command set (an
 * ErrorComment left undefined is not written). Unknown attribute identifiers are dropped.
 */
export function applyCommandFields(
  command: LibDataset,
  fields: { errorComment?: string; errorId?: number; attributeIdentifierList?: readonly (string | number)[] },
  dictionary: DicomDictionary,
): void {
  const elements = command.getElements();
  if (fields.errorComment !== undefined && fields.errorComment !== '') {
    elements['ErrorComment'] = commandComment(fields.errorComment);
  } else {
    delete elements['ErrorComment'];
  }
  if (fields.errorId !== undefined) elements['ErrorID'] = fields.errorId & 0xffff;
  if (fields.attributeIdentifierList !== undefined && fields.attributeIdentifierList.length > 0) {
    const tags = fields.attributeIdentifierList
      .map((identifier) => tagOf(identifier, dictionary))
      .filter((tag): tag is number => tag !== undefined);
    if (tags.length > 0) elements['AttributeIdentifierList'] = tags;
  }
}
