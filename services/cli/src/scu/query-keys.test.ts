import { describe, expect, it } from 'vitest';
import { applyQueryKey, buildIdentifier, defaultIdentifier } from './query-keys.ts';

describe('applyQueryKey', () => {
  it.each([
    ['PatientName=DOE*', { PatientName: 'DOE*' }],
    ['PatientID', { PatientID: '' }],
    ['AccessionNumber=', { AccessionNumber: '' }],
    ['StudyInstanceUID=1.2.3\\1.2.4', { StudyInstanceUID: '1.2.3\\1.2.4' }],
    [
      'ScheduledProcedureStepSequence[0].Modality=MR',
      { ScheduledProcedureStepSequence: [{ Modality: 'MR' }] },
    ],
    ['ScheduledProcedureStepSequence.Modality=CT', { ScheduledProcedureStepSequence: [{ Modality: 'CT' }] }],
    [
      'ScheduledProcedureStepSequence[0].ScheduledProtocolCodeSequence[0].CodeValue=X',
      { ScheduledProcedureStepSequence: [{ ScheduledProtocolCodeSequence: [{ CodeValue: 'X' }] }] },
    ],
  ])('%s', (key, expected) => {
    const identifier = {};
    applyQueryKey(identifier, key);
    expect(identifier).toEqual(expected);
  });

  it.each([
    ['=x', /expected Keyword=value/],
    ['Patient Name=x', /expected Keyword=value/],
    ['(0010,0010)=x', /expected Keyword=value/],
    ['PatientName[0]=x', /names an attribute/],
    ['PatientName.Modality=x', /not a sequence/],
    ['ScheduledProcedureStepSequence[2].Modality=MR', /skips one/],
  ])('refuses %s', (key, message) => {
    expect(() => applyQueryKey({}, key)).toThrow(message);
  });

  it('adds to the default sequence item without dropping its other keys', () => {
    const identifier = defaultIdentifier();
    applyQueryKey(identifier, 'ScheduledProcedureStepSequence[0].Modality=MR');
    const [item] = identifier.ScheduledProcedureStepSequence as Record<string, unknown>[];
    expect(item).toMatchObject({
      Modality: 'MR',
      ScheduledStationAETitle: '',
      ScheduledProcedureStepStartDate: '',
    });
  });
});

describe('buildIdentifier', () => {
  it('applies the shortcuts, then lets -k keys win', () => {
    const identifier = buildIdentifier(['ScheduledProcedureStepSequence[0].Modality=CT', 'PatientName=A*'], {
      date: '20261123',
      modality: 'MR',
      station: 'MRI_3T',
    });
    expect(identifier.PatientName).toBe('A*');
    expect(identifier.ScheduledProcedureStepSequence).toEqual([
      expect.objectContaining({
        Modality: 'CT',
        ScheduledStationAETitle: 'MRI_3T',
        ScheduledProcedureStepStartDate: '20261123',
      }),
    ]);
  });

  it('does not share the default item between identifiers', () => {
    const first = buildIdentifier([], { modality: 'MR' });
    const second = buildIdentifier([]);
    expect(second.ScheduledProcedureStepSequence).toEqual([expect.objectContaining({ Modality: '' })]);
    expect(first).not.toEqual(second);
  });
});
