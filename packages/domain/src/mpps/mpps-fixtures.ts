import type { MppsDataset } from './mpps-dataset.ts';

/** A complete, valid N-CREATE data set (tests): one scheduled step, IN PROGRESS. */
export function validCreateDataset(overrides: MppsDataset = {}): MppsDataset {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    ScheduledStepAttributesSequence: [
      {
        StudyInstanceUID: '2.25.1001',
        ReferencedStudySequence: [],
        AccessionNumber: 'ACC001',
        RequestedProcedureID: 'RP1',
        RequestedProcedureDescription: '',
        ScheduledProcedureStepID: 'SPS1',
        ScheduledProcedureStepDescription: '',
        ScheduledProtocolCodeSequence: [],
      },
    ],
    PatientName: 'Müller^Jörg',
    PatientID: 'P001',
    PatientBirthDate: '',
    PatientSex: '',
    ReferencedPatientSequence: [],
    PerformedProcedureStepID: 'PPS1',
    PerformedStationAETitle: 'MRI_3T',
    PerformedStationName: '',
    PerformedLocation: '',
    PerformedProcedureStepStartDate: '20260310',
    PerformedProcedureStepStartTime: '091500',
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepDescription: '',
    PerformedProcedureTypeDescription: '',
    ProcedureCodeSequence: [],
    PerformedProcedureStepEndDate: '',
    PerformedProcedureStepEndTime: '',
    Modality: 'MR',
    StudyID: '',
    PerformedProtocolCodeSequence: [],
    PerformedSeriesSequence: [],
    ...overrides,
  };
}

/** A Performed Series Sequence with one valid item. */
export function performedSeries(uid = '2.25.5001'): MppsDataset[] {
  return [
    {
      PerformingPhysicianName: '',
      ProtocolName: 'T1 MPRAGE',
      OperatorsName: '',
      SeriesInstanceUID: uid,
      SeriesDescription: 't1',
      RetrieveAETitle: '',
      ReferencedImageSequence: [],
      ReferencedNonImageCompositeSOPInstanceSequence: [],
    },
  ];
}

/** An N-SET that completes (or discontinues) an instance validly. */
export function finalSetDataset(
  status: 'COMPLETED' | 'DISCONTINUED',
  overrides: MppsDataset = {},
): MppsDataset {
  return {
    PerformedProcedureStepStatus: status,
    PerformedProcedureStepEndDate: '20260310',
    PerformedProcedureStepEndTime: '100000',
    PerformedSeriesSequence: performedSeries(),
    ...overrides,
  };
}

/** The identifiers of a scheduled step, as a worklist row holds them. */
export interface ScheduledStepIds {
  studyInstanceUid: string;
  accessionNumber: string;
  requestedProcedureId: string;
  spsId: string;
}

/** A Scheduled Step Attributes Sequence item referencing a worklist row (all type 2 keys present). */
export function scheduledStepOf(row: ScheduledStepIds): MppsDataset {
  return {
    StudyInstanceUID: row.studyInstanceUid,
    ReferencedStudySequence: [],
    AccessionNumber: row.accessionNumber,
    RequestedProcedureID: row.requestedProcedureId,
    RequestedProcedureDescription: '',
    ScheduledProcedureStepID: row.spsId,
    ScheduledProcedureStepDescription: '',
    ScheduledProtocolCodeSequence: [],
  };
}

/** A step item that references nothing on the worklist (an unscheduled scan). */
export function unscheduledStep(studyInstanceUid: string): MppsDataset {
  return scheduledStepOf({ studyInstanceUid, accessionNumber: '', requestedProcedureId: '', spsId: '' });
}
