import { describe, expect, it } from 'vitest';
import { createDatasetDecoder } from './dataset-decoder.ts';
import { createDatasetEncoder } from './dataset-encoder.ts';
import { fromNaturalized } from './dataset-shape.ts';
import { createDicomDictionary } from './dictionary.ts';
import { DimseEncodingError } from './errors.ts';
import { Dataset } from './lib.ts';
import { TransferSyntaxUid } from './status.ts';
import type { DicomDataset } from './types.ts';

const dictionary = createDicomDictionary();
const encoder = createDatasetEncoder(dictionary);
const decoder = createDatasetDecoder(dictionary);
const { ImplicitVrLittleEndian: IMPLICIT, ExplicitVrLittleEndian: EXPLICIT } = TransferSyntaxUid;

function roundTrip(dataset: DicomDataset, ts: string): DicomDataset {
  return decoder.decode(encoder.encode(dataset, ts), ts);
}

/** An independent reader: dcmjs, through dcmjs-dimse's Dataset (top-level text only, see the decoder). */
function dcmjsRead(bytes: Buffer, ts: string): DicomDataset {
  return fromNaturalized(new Dataset(bytes, ts).getElements(), dictionary);
}

const worklistItem: DicomDataset = {
  SpecificCharacterSet: 'ISO_IR 192',
  PatientName: '山田^太郎=やまだ^たろう',
  PatientID: 'PID-1',
  PatientBirthDate: '19700101',
  PatientSex: 'O',
  PatientWeight: 70.5,
  PregnancyStatus: 4,
  AccessionNumber: '',
  StudyInstanceUID: '2.25.1234567',
  ScheduledProcedureStepSequence: [
    {
      Modality: 'MR',
      ScheduledStationAETitle: 'SCANNER1',
      ScheduledProcedureStepStartDate: '20260105',
      ScheduledProcedureStepStartTime: '093000',
      ScheduledPerformingPhysicianName: 'Müller^Jörg',
      ScheduledProtocolCodeSequence: [
        { CodeValue: 'P1', CodingSchemeDesignator: '99LOCAL', CodeMeaning: 'Brain' },
      ],
    },
  ],
  ReferencedStudySequence: [],
};

describe('createDatasetEncoder', () => {
  it.each([
    ['Explicit', EXPLICIT],
    ['Implicit', IMPLICIT],
  ])('writes a worklist item that reads back unchanged (%s VR LE)', (_name, ts) => {
    expect(roundTrip(worklistItem, ts)).toEqual(worklistItem);
  });

  it.each([
    ['Explicit', EXPLICIT],
    ['Implicit', IMPLICIT],
  ])('writes bytes that dcmjs parses too (%s VR LE)', (_name, ts) => {
    const read = dcmjsRead(encoder.encode(worklistItem, ts), ts);
    expect(read['PatientName']).toBe(worklistItem['PatientName']);
    expect(read['PatientWeight']).toBe(70.5);
    expect(read['ScheduledProcedureStepSequence']).toMatchObject([
      { Modality: 'MR', ScheduledStationAETitle: 'SCANNER1' },
    ]);
  });

  it('writes Latin-1 bytes under ISO_IR 100 and UTF-8 bytes under ISO_IR 192', () => {
    const latin = encoder.encode({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller' }, EXPLICIT);
    const utf8 = encoder.encode({ SpecificCharacterSet: 'ISO_IR 192', PatientName: 'Müller' }, EXPLICIT);
    expect(latin.includes(Buffer.from('M\xfcller', 'latin1'))).toBe(true);
    expect(utf8.includes(Buffer.from('Müller', 'utf8'))).toBe(true);
    expect(
      roundTrip({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller' }, IMPLICIT)['PatientName'],
    ).toBe('Müller');
  });

  it('writes elements in ascending tag order whatever the key order', () => {
    const bytes = encoder.encode({ PatientID: 'A', Modality: 'MR', AccessionNumber: 'X' }, IMPLICIT);
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0x0008, 0x0050]);
    expect([bytes.readUInt16LE(10), bytes.readUInt16LE(12)]).toEqual([0x0008, 0x0060]);
    expect([bytes.readUInt16LE(20), bytes.readUInt16LE(22)]).toEqual([0x0010, 0x0020]);
  });

  it('pads odd values: UIDs with a NUL, text with a space', () => {
    const bytes = encoder.encode({ StudyInstanceUID: '1.2.3', PatientID: 'ABC' }, IMPLICIT);
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('ABC ');
    expect(bytes.subarray(20, 26).toString('latin1')).toBe('1.2.3\0');
  });

  it('writes null, empty strings and empty arrays as zero-length elements and skips undefined', () => {
    const dataset = {
      PatientName: null,
      PatientID: '',
      PregnancyStatus: null,
      OtherPatientIDsSequence: [],
      IssuerOfPatientID: undefined,
    };
    expect(roundTrip(dataset, EXPLICIT)).toEqual({
      PatientName: '',
      PatientID: '',
      PregnancyStatus: null,
      OtherPatientIDsSequence: [],
    });
  });

  it('writes multi-valued attributes with backslashes and numbers in their binary VRs', () => {
    const dataset = { ModalitiesInStudy: ['MR', 'CT'], PatientWeight: 1 / 3, PregnancyStatus: 2 };
    expect(roundTrip(dataset, EXPLICIT)).toEqual({
      ModalitiesInStudy: ['MR', 'CT'],
      PatientWeight: 0.33333333333333,
      PregnancyStatus: 2,
    });
  });

  it('accepts person names as dcmjs-style objects', () => {
    expect(roundTrip({ PatientName: { Alphabetic: 'DOE^JOHN' } }, IMPLICIT)).toEqual({
      PatientName: 'DOE^JOHN',
    });
  });

  it.each([
    ['an unknown keyword', { NotAKeyword: 'x' }],
    [
      'a character outside Latin-1 under ISO_IR 100',
      { SpecificCharacterSet: 'ISO_IR 100', PatientName: '山田' },
    ],
    ['a non-ASCII name without a character set', { PatientName: 'Müller' }],
    ['a non-ASCII code string', { SpecificCharacterSet: 'ISO_IR 192', Modality: 'MRÜ' }],
    ['a code-extension character set', { SpecificCharacterSet: ['', 'ISO 2022 IR 87'], PatientName: 'A' }],
    ['an unsupported character set', { SpecificCharacterSet: 'GB18030', PatientName: 'A' }],
    [
      'a short-length value above 64 KiB in Explicit VR',
      { PatientComments: 'x'.repeat(10), StudyDescription: 'y'.repeat(70_000) },
    ],
    ['a US value out of range', { PregnancyStatus: 70_000 }],
    ['a command element', { Status: 0 }],
  ])('refuses %s with DimseEncodingError naming no value', (_case, dataset) => {
    let thrown: unknown;
    try {
      encoder.encode(dataset, EXPLICIT);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DimseEncodingError);
    expect((thrown as Error).message).not.toMatch(/Müller|山田|MRÜ|yyyy/);
  });

  it('refuses transfer syntaxes other than Implicit and Explicit VR Little Endian', () => {
    expect(() => encoder.encode({ PatientID: 'A' }, '1.2.840.10008.1.2.2')).toThrow(DimseEncodingError);
  });
});
