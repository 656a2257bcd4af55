import { describe, expect, it } from 'vitest';
import { createDatasetDecoder } from './dataset-decoder.ts';
import { createDicomDictionary } from './dictionary.ts';
import { DimseDecodingError } from './errors.ts';
import { TransferSyntaxUid } from './status.ts';

const decoder = createDatasetDecoder(createDicomDictionary());
const { ImplicitVrLittleEndian: IMPLICIT, ExplicitVrLittleEndian: EXPLICIT } = TransferSyntaxUid;

/** Implicit VR LE element. */
function el(group: number, element: number, value: Buffer | string, length?: number): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(element, 2);
  head.writeUInt32LE(length ?? bytes.length, 4);
  return Buffer.concat([head, bytes]);
}
const item = (content: Buffer): Buffer => el(0xfffe, 0xe000, content);

describe('createDatasetDecoder', () => {
  it('decodes text inside sequence items with the character set of the data set', () => {
    const utf8Name = Buffer.from('Müller^Jörg', 'utf8');
    const bytes = Buffer.concat([
      el(0x0008, 0x0005, 'ISO_IR 192'),
      el(0x0010, 0x0010, utf8Name),
      el(0x0040, 0x0100, item(el(0x0040, 0x0006, utf8Name))),
    ]);
    expect(decoder.decode(bytes, IMPLICIT)).toEqual({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Müller^Jörg',
      ScheduledProcedureStepSequence: [{ ScheduledPerformingPhysicianName: 'Müller^Jörg' }],
    });
  });

  it('decodes ISO_IR 100 as Latin-1 and keeps the declared character set', () => {
    const bytes = Buffer.concat([
      el(0x0008, 0x0005, 'ISO_IR 100'),
      el(0x0010, 0x0010, Buffer.from('M\xfcller', 'latin1')),
    ]);
    expect(decoder.decode(bytes, IMPLICIT)).toEqual({
      SpecificCharacterSet: 'ISO_IR 100',
      PatientName: 'Müller',
    });
  });

  it('reads zero-length values as empty: text as "", numbers as null, sequences as []', () => {
    const bytes = Buffer.concat([
      el(0x0010, 0x0010, ''),
      el(0x0010, 0x1030, ''),
      el(0x0010, 0x21c0, ''),
      el(0x0040, 0x0100, ''),
    ]);
    expect(decoder.decode(bytes, IMPLICIT)).toEqual({
      PatientName: '',
      PatientWeight: null,
      PregnancyStatus: null,
      ScheduledProcedureStepSequence: [],
    });
  });

  it('splits multiple values, trims padding and keys unknown tags by hex', () => {
    const bytes = Buffer.concat([
      el(0x0008, 0x0061, 'MR\\CT '),
      el(0x0009, 0x0010, 'ACME'),
      el(0x0009, 0x1001, Buffer.from([1, 2])),
      el(0x0020, 0x000d, '1.2.3\0'),
    ]);
    expect(decoder.decode(bytes, IMPLICIT)).toEqual({
      ModalitiesInStudy: ['MR', 'CT'],
      '00090010': 'ACME',
      '00091001': new Uint8Array([1, 2]),
      StudyInstanceUID: '1.2.3',
    });
  });

  it('reads sequences and items of undefined length', () => {
    const undefinedItem = Buffer.concat([
      el(0xfffe, 0xe000, '', 0xffffffff),
      el(0x0008, 0x0060, 'MR'),
      el(0xfffe, 0xe00d, ''),
    ]);
    const bytes = Buffer.concat([el(0x0040, 0x0100, '', 0xffffffff), undefinedItem, el(0xfffe, 0xe0dd, '')]);
    expect(decoder.decode(bytes, IMPLICIT)).toEqual({ ScheduledProcedureStepSequence: [{ Modality: 'MR' }] });
  });

  it.each([
    ['an element running past the end', el(0x0010, 0x0010, 'DOE', 40)],
    ['an item tag at the top level', el(0xfffe, 0xe000, '')],
    [
      'a sequence without its delimiter',
      Buffer.concat([el(0x0040, 0x0100, '', 0xffffffff), item(el(0x0008, 0x0060, 'MR'))]),
    ],
    ['a US value of odd length', el(0x0010, 0x21c0, 'abc')],
    ['an undefined length on a text element', el(0x0010, 0x0010, '', 0xffffffff)],
  ])('refuses %s', (_case, bytes) => {
    expect(() => decoder.decode(bytes, IMPLICIT)).toThrow(DimseDecodingError);
  });

  it('refuses an invalid explicit VR', () => {
    expect(() => decoder.decode(Buffer.from([0x10, 0, 0x10, 0, 0x70, 0x6e, 0, 0]), EXPLICIT)).toThrow(
      DimseDecodingError,
    );
  });

  describe('shape limits', () => {
    const limited = createDatasetDecoder(createDicomDictionary(), {
      maxSequenceDepth: 3,
      maxSequenceItems: 5,
    });
    const sq = (content: Buffer[]): Buffer => el(0x0040, 0x0100, Buffer.concat(content.map(item)));
    const nest = (depth: number): Buffer => (depth === 0 ? el(0x0008, 0x0060, 'MR') : sq([nest(depth - 1)]));

    it('reads sequences up to the depth and item limits', () => {
      expect(limited.decode(nest(3), IMPLICIT)).toBeDefined();
      expect(
        limited.decode(sq(Array.from({ length: 5 }, () => el(0x0008, 0x0060, 'MR'))), IMPLICIT),
      ).toBeDefined();
    });

    it('refuses deeper nesting and more items, counting items across all sequences', () => {
      expect(() => limited.decode(nest(4), IMPLICIT)).toThrow(/nested deeper than 3/);
      expect(() => limited.decode(sq(Array.from({ length: 6 }, () => Buffer.alloc(0))), IMPLICIT)).toThrow(
        /more than 5 sequence items/,
      );
      const twoSequences = Buffer.concat([
        sq([nest(0), nest(0), nest(0)]),
        el(0x0040, 0x0275, Buffer.concat([nest(0), nest(0), nest(0)].map(item))),
      ]);
      expect(() => limited.decode(twoSequences, IMPLICIT)).toThrow(/more than 5 sequence items/);
    });
  });
});
