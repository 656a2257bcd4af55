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
