import { describe, expect, it } from 'vitest';
import type { NaturalizedDataset } from './identifier-values.ts';
import { planQuery } from './match-plan.ts';
import { SPS_ITEM_ATTRIBUTES } from './mwl-attributes.ts';
import type { PlanOptions, ReturnKey } from './plan-types.ts';

const sps = (item: NaturalizedDataset) => ({ ScheduledProcedureStepSequence: [item] });

function ok(identifier: NaturalizedDataset, options?: PlanOptions) {
  const result = planQuery(identifier, options);
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}`);
  return result;
}

function keywords(keys: readonly ReturnKey[]): unknown[] {
  return keys.map((key) => (key.items.length ? { [key.keyword]: keywords(key.items) } : key.keyword));
}

describe('planQuery: SPS status visibility', () => {
  it('hides cancelled, completed and discontinued items when the query names no status', () => {
    expect(ok(sps({ ScheduledProcedureStepStatus: '' })).plan.visibility).toEqual({
      kind: 'default',
      hiddenStatuses: ['CANCELED', 'COMPLETED', 'DISCONTINUED'],
      excludeCancelled: true,
    });
  });

  it.each([
    ['one status', 'CANCELED', ['CANCELED']],
    ['a list of statuses', 'SCHEDULED\\ARRIVED', ['SCHEDULED', 'ARRIVED']],
  ])('matches exactly the statuses named by %s', (_label, value, statuses) => {
    const result = ok(sps({ ScheduledProcedureStepStatus: value }));
    expect(result.plan.visibility).toEqual({ kind: 'explicit', statuses });
    expect(result.plan.conditions).toEqual([]);
  });

  it('warns about a status outside the defined terms', () => {
    expect(ok(sps({ ScheduledProcedureStepStatus: 'IN PROGRESS' })).warnings).toEqual([
      { code: 'unknown-sps-status', keyword: 'ScheduledProcedureStepStatus' },
    ]);
  });
});

describe('planQuery: keys it cannot match', () => {
  it.each<[string, NaturalizedDataset, string]>([
    ['a type-2 key without a column', { AdmissionID: 'ADM1' }, 'matching-not-supported'],
    ['a return-only key with a column', { PatientWeight: 70 }, 'matching-not-supported'],
    ['a key the table does not know', { OtherPatientIDs: 'X' }, 'unknown-key'],
    [
      'Code Meaning in a protocol code',
      sps({ ScheduledProtocolCodeSequence: [{ CodeMeaning: 'Brain' }] }),
      'matching-not-supported',
    ],
    [
      'a code in the requested procedure code',
      { RequestedProcedureCodeSequence: [{ CodeValue: 'X1' }] },
      'matching-not-supported',
    ],
    ['a patient key placed inside the SPS item', sps({ PatientName: 'DOE' }), 'unknown-key'],
    ['an SPS key placed at the top level', { Modality: 'MR' }, 'unknown-key'],
    ['Query/Retrieve Level', { QueryRetrieveLevel: 'WORKLIST' }, 'query-retrieve-level-ignored'],
    ['Pregnancy Status 0 as dcmjs-dimse sends it', { PregnancyStatus: 0 }, 'matching-not-supported'],
  ])('ignores %s for matching with Pending 0xFF01', (_label, identifier, code) => {
    const result = ok(identifier);
    expect(result.status).toBe(0xff01);
    expect(result.warnings.map((warning) => warning.code)).toEqual([code]);
    expect(result.plan.conditions.filter((condition) => condition.kind !== 'universal')).toEqual([]);
  });

  it('still answers an ignored key, but not Query/Retrieve Level', () => {
    const plan = ok({ QueryRetrieveLevel: 'WORKLIST', AdmissionID: 'ADM1', OtherPatientIDs: '' }).plan;
    expect(keywords(plan.returnKeys)).toEqual(['AdmissionID', 'OtherPatientIDs']);
  });

  it('keeps Pending 0xFF00 for unknown keys sent zero-length', () => {
    expect(ok({ OtherPatientIDs: '', ReferencedPatientSequence: [] }).status).toBe(0xff00);
  });

  it('never answers a private tag it cannot name, nor bookkeeping keys', () => {
    const result = ok({ '00091010': 'x', _vrMap: {}, PatientName: '' });
    expect(keywords(result.plan.returnKeys)).toEqual(['PatientName']);
    expect(result.status).toBe(0xff01);
  });

  it('never treats Specific Character Set as a key to match or to list', () => {
    const plan = ok({ SpecificCharacterSet: 'ISO_IR 192', PatientID: '' }).plan;
    expect(keywords(plan.returnKeys)).toEqual(['PatientID']);
    expect(plan.conditions.map((condition) => condition.path)).toEqual(['PatientID']);
  });

  it('refuses an identifier that is not a data set', () => {
    expect(planQuery(null as unknown as NaturalizedDataset)).toMatchObject({ ok: false, status: 0xa900 });
  });
});

describe('planQuery: sequences', () => {
  it('refuses a sequence key with more than one item (C.2.2.2.6)', () => {
    const result = planQuery({ ScheduledProcedureStepSequence: [{ Modality: 'MR' }, { Modality: 'CT' }] });
    expect(result).toMatchObject({ ok: false, status: 0xa900, offendingElements: ['00400100'] });
  });

  it.each([
    ['a zero-length sequence', []],
    ['a zero-length element', null],
    ['one empty item', [{}]],
    ['an item holding only dcmjs bookkeeping', [{ _vrMap: {} }]],
  ])('asks for the entire SPS sequence with %s', (_label, value) => {
    const [key] = ok({ ScheduledProcedureStepSequence: value }).plan.returnKeys;
    expect(key?.items.map((item) => item.keyword)).toEqual(SPS_ITEM_ATTRIBUTES.map((a) => a.keyword));
    expect(key?.items.find((item) => item.keyword === 'ScheduledProtocolCodeSequence')?.items).toHaveLength(
      3,
    );
  });

  it('returns the requested tree: top level, SPS item and code sequence', () => {
    const plan = ok({
      PatientName: '',
      ...sps({ Modality: '', ScheduledProtocolCodeSequence: [{ CodeValue: '', CodeMeaning: '' }] }),
    }).plan;
    expect(keywords(plan.returnKeys)).toEqual([
      'PatientName',
      {
        ScheduledProcedureStepSequence: [
          'Modality',
          { ScheduledProtocolCodeSequence: ['CodeValue', 'CodeMeaning'] },
        ],
      },
    ]);
  });

  it('matches keys inside the SPS item and its protocol code sequence', () => {
    const plan = ok(
      sps({
        ScheduledStationAETitle: 'MRI_3T',
        ScheduledProcedureStepID: 'SPS1',
        ScheduledStationName: 'MR*',
        ScheduledProtocolCodeSequence: [{ CodeValue: 'BRAIN', CodingSchemeDesignator: 'LOCAL' }],
      }),
    ).plan;
    expect(plan.conditions.map((c) => [c.kind, c.path])).toEqual([
      ['single', 'ScheduledProcedureStepSequence.ScheduledStationAETitle'],
      ['single', 'ScheduledProcedureStepSequence.ScheduledProcedureStepID'],
      ['wildcard', 'ScheduledProcedureStepSequence.ScheduledStationName'],
      ['single', 'ScheduledProcedureStepSequence.ScheduledProtocolCodeSequence.CodeValue'],
      ['single', 'ScheduledProcedureStepSequence.ScheduledProtocolCodeSequence.CodingSchemeDesignator'],
    ]);
  });
});

describe('planQuery: compatibility coercions (off by default)', () => {
  it('matches SPS keys sent at the top level when configured, answering them where they were sent', () => {
    const result = ok({ Modality: 'MR' }, { coercions: { spsKeysAtTopLevel: true } });
    expect(result.status).toBe(0xff00);
    expect(result.warnings).toEqual([{ code: 'coercion-applied', keyword: 'Modality' }]);
    expect(result.plan.conditions).toEqual([
      expect.objectContaining({
        kind: 'single',
        column: 'modality',
        path: 'ScheduledProcedureStepSequence.Modality',
      }),
    ]);
    expect(keywords(result.plan.returnKeys)).toEqual(['Modality']);
  });

  it('restricts an unrestricted query to the calling AE as station AE title when configured', () => {
    const result = ok(sps({ ScheduledStationAETitle: '' }), { coercions: { stationAeTitle: 'MRI_3T' } });
    expect(result.plan.conditions).toEqual([
      expect.objectContaining({ kind: 'single', column: 'scheduled_station_ae_title', value: 'MRI_3T' }),
    ]);
  });

  it('leaves a query that names its station AE title alone', () => {
    const result = ok(sps({ ScheduledStationAETitle: 'CT_1' }), { coercions: { stationAeTitle: 'MRI_3T' } });
    expect(result.plan.conditions).toEqual([expect.objectContaining({ value: 'CT_1' })]);
    expect(result.warnings).toEqual([]);
  });

  it('takes a Pregnancy Status value as a return key when configured', () => {
    const result = ok({ PregnancyStatus: 0 }, { coercions: { pregnancyStatusAsReturnKey: true } });
    expect(result.status).toBe(0xff00);
  });
});
