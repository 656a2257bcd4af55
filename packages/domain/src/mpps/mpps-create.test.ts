import { describe, expect, it } from 'vitest';
import { decideCreate } from './mpps-create.ts';
import { validCreateDataset } from './mpps-fixtures.ts';
import { MPPS_DIMSE_STATUS } from './mpps-status.ts';

const without = (keyword: string) => {
  const dataset = validCreateDataset();
  delete dataset[keyword];
  return dataset;
};
const stepWith = (item: Record<string, unknown>) =>
  validCreateDataset({
    ScheduledStepAttributesSequence: [
      { ...(validCreateDataset()['ScheduledStepAttributesSequence'] as object[])[0], ...item },
    ],
  });

describe('decideCreate', () => {
  it('accepts a complete IN PROGRESS N-CREATE and keeps its attributes', () => {
    const decision = decideCreate(validCreateDataset());
    expect(decision).toMatchObject({
      ok: true,
      created: { status: 'IN PROGRESS', performedStationAeTitle: 'MRI_3T', startDate: '20260310' },
    });
    if (decision.ok) expect(decision.created.attributes['PatientName']).toBe('Müller^Jörg');
  });

  it.each([
    ['a type 1 attribute absent', without('PerformedProcedureStepID'), 0x0120, ['PerformedProcedureStepID']],
    ['the status absent', without('PerformedProcedureStepStatus'), 0x0120, ['PerformedProcedureStepStatus']],
    ['a type 2 attribute absent', without('PatientID'), 0x0120, ['PatientID']],
    [
      'the scheduled step sequence absent',
      without('ScheduledStepAttributesSequence'),
      0x0120,
      ['ScheduledStepAttributesSequence'],
    ],
    [
      'a type 2 attribute absent in a step item',
      stepWith({ AccessionNumber: undefined }),
      0x0120,
      ['AccessionNumber'],
    ],
    ['a type 1 attribute empty', validCreateDataset({ Modality: '' }), 0x0121, ['Modality']],
    [
      'the scheduled step sequence empty',
      validCreateDataset({ ScheduledStepAttributesSequence: [] }),
      0x0121,
      ['ScheduledStepAttributesSequence'],
    ],
    [
      'the Study Instance UID of a step empty',
      stepWith({ StudyInstanceUID: '' }),
      0x0121,
      ['StudyInstanceUID'],
    ],
    [
      'status COMPLETED',
      validCreateDataset({ PerformedProcedureStepStatus: 'COMPLETED' }),
      0x0106,
      ['PerformedProcedureStepStatus'],
    ],
    [
      'status DISCONTINUED',
      validCreateDataset({ PerformedProcedureStepStatus: 'DISCONTINUED' }),
      0x0106,
      ['PerformedProcedureStepStatus'],
    ],
    [
      'a start date that is not DA',
      validCreateDataset({ PerformedProcedureStepStartDate: '2026-03-10' }),
      0x0106,
      ['PerformedProcedureStepStartDate'],
    ],
    [
      'a start time that is not TM',
      validCreateDataset({ PerformedProcedureStepStartTime: '25' }),
      0x0106,
      ['PerformedProcedureStepStartTime'],
    ],
  ])('refuses %s', (_name, dataset, status, attributes) => {
    const decision = decideCreate(dataset);
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.failure.status).toBe(status);
    expect(decision.failure.attributes).toEqual(attributes);
    expect(decision.failure.comment).toContain(attributes[0]);
  });

  it('reports missing attributes before empty ones and lists every one', () => {
    const dataset = validCreateDataset({ Modality: '' });
    delete dataset['PatientName'];
    delete dataset['StudyID'];
    const decision = decideCreate(dataset);
    expect(decision).toMatchObject({
      ok: false,
      failure: { status: MPPS_DIMSE_STATUS.missingAttribute, attributes: ['PatientName', 'StudyID'] },
    });
  });

  it('drops binary values (private elements) from what is stored', () => {
    const decision = decideCreate(validCreateDataset({ '00291010': new Uint8Array([1, 2]) }));
    expect(decision.ok && decision.created.attributes['00291010']).toBe(undefined);
  });

  it('never names a value in the comment', () => {
    const decision = decideCreate(validCreateDataset({ PerformedProcedureStepStatus: 'Müller' }));
    expect(!decision.ok && decision.failure.comment).not.toContain('Müller');
  });
});
