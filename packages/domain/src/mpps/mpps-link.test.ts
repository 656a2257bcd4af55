import { describe, expect, it } from 'vitest';
import { validCreateDataset } from './mpps-fixtures.ts';
import {
  MAX_LINKED_STEP_ITEMS,
  planMppsLinks,
  resolveMppsLinks,
  type MppsLinkFinder,
  type MppsLinkLookup,
  type MppsPatientLookup,
} from './mpps-link.ts';

const step = (item: Record<string, unknown>) => ({
  StudyInstanceUID: '',
  AccessionNumber: '',
  RequestedProcedureID: '',
  ScheduledProcedureStepID: '',
  ...item,
});

/** A store of steps: study/sps and accession/rp keys, and the active steps of patients. */
function finder(store: {
  studySps?: Record<string, bigint[]>;
  accessionRp?: Record<string, bigint[]>;
  patient?: bigint[];
}): MppsLinkFinder & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    step(lookup: MppsLinkLookup) {
      calls.push(lookup.method);
      const found =
        lookup.method === 'study-sps'
          ? store.studySps?.[`${lookup.studyInstanceUid}/${lookup.spsId}`]
          : store.accessionRp?.[`${lookup.accessionNumber}/${lookup.requestedProcedureId}`];
      return Promise.resolve(found ?? []);
    },
    patient(_lookup: MppsPatientLookup) {
      calls.push('patient');
      return Promise.resolve(store.patient ?? []);
    },
  };
}

const create = (steps: Record<string, unknown>[]) =>
  validCreateDataset({ ScheduledStepAttributesSequence: steps.map(step) });

describe('MPPS linking', () => {
  it.each([
    [
      'Study Instance UID + SPS ID first',
      [
        {
          StudyInstanceUID: '2.25.1',
          ScheduledProcedureStepID: 'S1',
          AccessionNumber: 'A1',
          RequestedProcedureID: 'R1',
        },
      ],
      { studySps: { '2.25.1/S1': [1n] }, accessionRp: { 'A1/R1': [2n] } },
      [{ worklistItemId: 1n, method: 'study-sps' }],
    ],
    [
      'Accession Number + Requested Procedure ID when the first finds nothing',
      [
        {
          StudyInstanceUID: '2.25.1',
          ScheduledProcedureStepID: 'S1',
          AccessionNumber: 'A1',
          RequestedProcedureID: 'R1',
        },
      ],
      { accessionRp: { 'A1/R1': [2n] } },
      [{ worklistItemId: 2n, method: 'accession-rp' }],
    ],
    [
      'Accession Number + Requested Procedure ID when there is no SPS ID',
      [{ StudyInstanceUID: '2.25.1', AccessionNumber: 'A1', RequestedProcedureID: 'R1' }],
      { studySps: { '2.25.1/': [9n] }, accessionRp: { 'A1/R1': [2n] } },
      [{ worklistItemId: 2n, method: 'accession-rp' }],
    ],
    [
      'several steps (grouped case)',
      [
        { StudyInstanceUID: '2.25.1', ScheduledProcedureStepID: 'S1' },
        { StudyInstanceUID: '2.25.2', ScheduledProcedureStepID: 'S2' },
      ],
      { studySps: { '2.25.1/S1': [1n], '2.25.2/S2': [2n] } },
      [
        { worklistItemId: 1n, method: 'study-sps' },
        { worklistItemId: 2n, method: 'study-sps' },
      ],
    ],
    [
      'the patient fallback when no reference is usable and exactly one step is active',
      [{ StudyInstanceUID: '2.25.77' }],
      { patient: [5n] },
      [{ worklistItemId: 5n, method: 'patient' }],
    ],
    [
      'nothing when the patient has two active steps that day',
      [{ StudyInstanceUID: '2.25.77' }],
      { patient: [5n, 6n] },
      [],
    ],
    ['nothing for an unscheduled scan', [{ StudyInstanceUID: '2.25.77' }], {}, []],
  ])('links by %s', async (_name, steps, store, expected) => {
    expect(await resolveMppsLinks(planMppsLinks(create(steps)), finder(store))).toEqual(expected);
  });

  it('never tries the patient fallback once a reference linked a step', async () => {
    const f = finder({ studySps: { '2.25.1/S1': [1n] }, patient: [5n] });
    await resolveMppsLinks(
      planMppsLinks(create([{ StudyInstanceUID: '2.25.1', ScheduledProcedureStepID: 'S1' }])),
      f,
    );
    expect(f.calls).toEqual(['study-sps']);
  });

  it('looks up at most MAX_LINKED_STEP_ITEMS scheduled step items', () => {
    const many = Array.from({ length: MAX_LINKED_STEP_ITEMS + 10 }, (_, i) => ({
      StudyInstanceUID: `2.25.${i}`,
      ScheduledProcedureStepID: `S${i}`,
    }));
    expect(planMppsLinks(create(many)).steps).toHaveLength(MAX_LINKED_STEP_ITEMS);
  });

  it('plans the patient fallback on the PPS start date and the performing station', () => {
    expect(planMppsLinks(create([])).patient).toEqual({
      method: 'patient',
      patientId: 'P001',
      date: '20260310',
      stationAeTitle: 'MRI_3T',
    });
    expect(planMppsLinks(validCreateDataset({ PatientID: '' })).patient).toBeUndefined();
  });
});
