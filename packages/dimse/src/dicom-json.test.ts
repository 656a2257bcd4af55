import { describe, expect, it } from 'vitest';
import { createDicomJsonCodec } from './dicom-json.ts';

const codec = createDicomJsonCodec();

describe('the DICOM JSON codec', () => {
  it('decodes to the keyword data set the DIMSE handlers get', () => {
    const decoded = codec.decode({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jörg', Ideographic: 'ミュラー' }] },
      '00100020': { vr: 'LO', Value: ['P001'] },
      '00100030': { vr: 'DA' },
      '00081120': { vr: 'SQ' },
      '00201208': { vr: 'IS', Value: [3] },
      '00181030': { vr: 'LO', Value: ['A', 'B'] },
      '00400270': { vr: 'SQ', Value: [{ '0020000D': { vr: 'UI', Value: ['2.25.1'] } }] },
      '7FE00010': { vr: 'OB', InlineBinary: 'AAAA' },
      '00091010': { vr: 'LO', Value: ['private'] },
    });
    expect(decoded).toEqual({
      ok: true,
      dataset: {
        PatientName: 'Müller^Jörg=ミュラー',
        PatientID: 'P001',
        PatientBirthDate: '',
        ReferencedPatientSequence: [],
        NumberOfStudyRelatedInstances: 3,
        ProtocolName: ['A', 'B'],
        ScheduledStepAttributesSequence: [{ StudyInstanceUID: '2.25.1' }],
      },
    });
  });

  it('accepts an array holding one data set', () => {
    expect(codec.decode([{ '00100020': { vr: 'LO', Value: ['P1'] } }])).toEqual({
      ok: true,
      dataset: { PatientID: 'P1' },
    });
  });

  it.each([
    ['a keyword instead of a tag', { PatientID: { vr: 'LO', Value: ['x'] } }, 'PatientID'],
    ['a value that is not an array', { '00100020': { vr: 'LO', Value: 'x' } }, '00100020'],
    ['no vr', { '00100020': { Value: ['x'] } }, '00100020'],
    ['a number in a text VR', { '00100020': { vr: 'LO', Value: [1] } }, '00100020'],
    ['a sequence item that is not an object', { '00400270': { vr: 'SQ', Value: [1] } }, '00400270[0].'],
    ['an array of two data sets', [{}, {}], 'body'],
  ])('refuses %s, naming where', (_name, body, path) => {
    const decoded = codec.decode(body);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problems[0]?.path).toBe(path);
  });

  it('refuses sequences nested deeper than its bound', () => {
    let body: Record<string, unknown> = { '00100020': { vr: 'LO', Value: ['x'] } };
    for (let i = 0; i < 12; i++) body = { '00400270': { vr: 'SQ', Value: [body] } };
    expect(codec.decode(body).ok).toBe(false);
  });

  it('encodes keyword data sets in tag order, names as groups, empty values without Value', () => {
    expect(
      codec.encode({
        PerformedProcedureStepStatus: 'IN PROGRESS',
        PatientName: 'DOE^JANE',
        PatientBirthDate: '',
        PerformedSeriesSequence: [{ SeriesInstanceUID: '2.25.9', NumberOfSeriesRelatedInstances: null }],
        NotAKeyword: 'dropped',
        PixelData: new Uint8Array([1]),
      }),
    ).toEqual({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
      '00100030': { vr: 'DA' },
      '00400252': { vr: 'CS', Value: ['IN PROGRESS'] },
      '00400340': {
        vr: 'SQ',
        Value: [{ '0020000E': { vr: 'UI', Value: ['2.25.9'] }, '00201209': { vr: 'IS' } }],
      },
    });
  });

  it('round-trips what it encodes', () => {
    const dataset = {
      PatientID: 'P1',
      Modality: 'MR',
      ScheduledStepAttributesSequence: [{ AccessionNumber: 'A1' }],
    };
    expect(codec.decode(codec.encode(dataset))).toEqual({ ok: true, dataset });
  });

  it('finds the tag of a keyword or a tag, and nothing for unknown names', () => {
    expect(codec.tagOf('PerformedProcedureStepStatus')).toBe('00400252');
    expect(codec.tagOf('00400252')).toBe('00400252');
    expect(codec.tagOf('NoSuchKeyword')).toBeUndefined();
  });
});
