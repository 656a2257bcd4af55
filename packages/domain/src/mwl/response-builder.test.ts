import { describe, expect, it } from 'vitest';
import type { NaturalizedDataset } from './identifier-values.ts';
import { planQuery } from './match-plan.ts';
import { SPS_ITEM_ATTRIBUTES } from './mwl-attributes.ts';
import { buildResponse, formatDecimalString, type BuildResponseOptions } from './response-builder.ts';
import type { WorklistRow } from './worklist-row.ts';

function sampleRow(overrides: Partial<WorklistRow> = {}): WorklistRow {
  return {
    patientName: 'Doe^Jane',
    patientId: 'SUB-1001',
    issuerOfPatientId: null,
    patientBirthDate: '19800115',
    patientSex: 'F',
    patientWeightKg: 61.5,
    patientSizeM: null,
    accessionNumber: 'ACC1',
    studyInstanceUid: '2.25.1',
    requestedProcedureId: 'RP1',
    requestedProcedureDescription: 'MRI brain',
    studyDescription: null,
    referringPhysicianName: null,
    spsId: 'SPS1',
    spsDescription: 'Brain protocol',
    protocolCodeValue: 'BRAIN',
    protocolCodingScheme: 'LOCAL',
    protocolCodeMeaning: 'Brain',
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    scheduledStationName: null,
    scheduledPerformingPhysician: null,
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: new Date('2026-03-10T15:30:00Z'),
    timezone: 'America/Edmonton',
    status: 'SCHEDULED',
    cancelledAt: null,
    extra: {},
    ...overrides,
  };
}

function respond(identifier: NaturalizedDataset, row = sampleRow(), options?: BuildResponseOptions) {
  const result = planQuery(identifier);
  if (!result.ok) throw new Error(result.reason);
  return buildResponse(row, result.plan.returnKeys, options);
}

describe('buildResponse', () => {
  it('answers exactly the requested keys plus Specific Character Set', () => {
    expect(respond({ PatientName: '', PatientID: 'SUB-1001' })).toEqual({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Doe^Jane',
      PatientID: 'SUB-1001',
    });
  });

  it.each([
    ['a type-2 attribute whose column is empty', 'ReferringPhysicianName'],
    ['a type-2 attribute without a column nor extra value', 'AdmissionID'],
    ['a type-2 attribute the table answers empty', 'RequestedProcedurePriority'],
  ])('answers %s zero-length', (_label, keyword) => {
    expect(respond({ [keyword]: '' })[keyword]).toBe('');
  });

  it('answers configured additional attributes from extra, by keyword', () => {
    const row = sampleRow({ extra: { AdmissionID: 'ADM-7', OtherPatientIDs: 'X9', Bad: 3 } });
    expect(respond({ AdmissionID: '', OtherPatientIDs: '', Bad: '' }, row)).toMatchObject({
      AdmissionID: 'ADM-7',
      OtherPatientIDs: 'X9',
      Bad: '',
    });
  });

  it('nests the requested SPS keys in one item, and only those', () => {
    const response = respond({
      ScheduledProcedureStepSequence: [
        { Modality: '', ScheduledProcedureStepStartDate: '', ScheduledProcedureStepStartTime: '' },
      ],
    });
    expect(response.ScheduledProcedureStepSequence).toEqual([
      {
        Modality: 'MR',
        ScheduledProcedureStepStartDate: '20260310',
        ScheduledProcedureStepStartTime: '093000',
      },
    ]);
  });

  it('answers the entire SPS item for an empty sequence key', () => {
    const [item] = respond({ ScheduledProcedureStepSequence: [] }).ScheduledProcedureStepSequence as object[];
    expect(Object.keys(item ?? {})).toEqual(SPS_ITEM_ATTRIBUTES.map((attribute) => attribute.keyword));
    expect(item).toMatchObject({
      ScheduledProcedureStepID: 'SPS1',
      ScheduledProcedureStepStatus: 'SCHEDULED',
      ScheduledProtocolCodeSequence: [
        { CodeValue: 'BRAIN', CodingSchemeDesignator: 'LOCAL', CodeMeaning: 'Brain' },
      ],
      ScheduledStationName: '',
      PreMedication: '',
    });
  });

  it('answers the requested code keys in the protocol code item', () => {
    const response = respond({
      ScheduledProcedureStepSequence: [{ ScheduledProtocolCodeSequence: [{ CodeValue: '' }] }],
    });
    expect(response.ScheduledProcedureStepSequence).toEqual([
      { ScheduledProtocolCodeSequence: [{ CodeValue: 'BRAIN' }] },
    ]);
  });

  it('answers a protocol code sequence without items when the row has no code', () => {
    const response = respond(
      { ScheduledProcedureStepSequence: [{ ScheduledProtocolCodeSequence: [] }] },
      sampleRow({ protocolCodeValue: null }),
    );
    expect(response.ScheduledProcedureStepSequence).toEqual([{ ScheduledProtocolCodeSequence: [] }]);
  });

  it.each(['ReferencedStudySequence', 'ReferencedPatientSequence', 'RequestedProcedureCodeSequence'])(
    'answers %s without items',
    (keyword) => {
      expect(respond({ [keyword]: [] })[keyword]).toEqual([]);
    },
  );

  it('answers CANCELED for a row cancelled at its source', () => {
    const row = sampleRow({ cancelledAt: new Date('2026-03-09T00:00:00Z') });
    const response = respond(
      { ScheduledProcedureStepSequence: [{ ScheduledProcedureStepStatus: 'CANCELED' }] },
      row,
    );
    expect(response.ScheduledProcedureStepSequence).toEqual([{ ScheduledProcedureStepStatus: 'CANCELED' }]);
  });

  it('answers numbers as DS strings and the SPS start offset from UTC', () => {
    expect(respond({ PatientWeight: '', PatientSize: '', TimezoneOffsetFromUTC: '' })).toMatchObject({
      PatientWeight: '61.5',
      PatientSize: '',
      TimezoneOffsetFromUTC: '-0600',
    });
  });

  it.each([
    [61.5, '61.5'],
    [1.7, '1.7'],
    [1 / 3, '0.33333333333333'],
    [123456789.1234567, '123456789.123457'],
    [1.2345678901234e18, '1.2345678901e+18'],
  ])('formats %d as the DS %s of at most 16 characters', (value, text) => {
    expect(formatDecimalString(value)).toBe(text);
  });

  it('keeps UTF-8 names as they are with ISO_IR 192', () => {
    const row = sampleRow({ patientName: '山田^太郎' });
    expect(respond({ PatientName: '' }, row).PatientName).toBe('山田^太郎');
  });

  it.each([
    ['Müller^Jörg', 'Müller^Jörg'],
    ['山田^太郎', '??^??'],
    ['Łukasiewicz^Jan', 'Lukasiewicz^Jan'],
  ])('transliterates the name %s for ISO_IR 100 as %s', (name, expected) => {
    const response = respond({ PatientName: '' }, sampleRow({ patientName: name }), {
      specificCharacterSet: 'ISO_IR 100',
    });
    expect(response).toEqual({ SpecificCharacterSet: 'ISO_IR 100', PatientName: expected });
  });
});
