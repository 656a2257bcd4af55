/**
 * The attribute requirements of the Modality Performed Procedure Step SOP Class (PS3.4 Table
 * F.7.2-1, PS3.3 C.4.13–C.4.16), by DICOM keyword.
 */

/** N-CREATE, top level, type 1 (SCU/SCP 1/1): present with a value. */
export const CREATE_TYPE1 = [
  'ScheduledStepAttributesSequence',
  'PerformedProcedureStepID',
  'PerformedStationAETitle',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'PerformedProcedureStepStatus',
  'Modality',
] as const;

/** N-CREATE, top level, type 2 (2/2): present, possibly zero-length. */
export const CREATE_TYPE2 = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'ReferencedPatientSequence',
  'PerformedStationName',
  'PerformedLocation',
  'PerformedProcedureStepDescription',
  'PerformedProcedureTypeDescription',
  'ProcedureCodeSequence',
  'PerformedProcedureStepEndDate',
  'PerformedProcedureStepEndTime',
  'StudyID',
  'PerformedProtocolCodeSequence',
  'PerformedSeriesSequence',
] as const;

/** N-CREATE, each Scheduled Step Attributes Sequence item, type 1. */
export const CREATE_STEP_TYPE1 = ['StudyInstanceUID'] as const;

/** N-CREATE, each Scheduled Step Attributes Sequence item, type 2. */
export const CREATE_STEP_TYPE2 = [
  'ReferencedStudySequence',
  'AccessionNumber',
  'RequestedProcedureID',
  'RequestedProcedureDescription',
  'ScheduledProcedureStepID',
  'ScheduledProcedureStepDescription',
  'ScheduledProtocolCodeSequence',
] as const;

/**
 * Attributes an N-SET may carry (type 3 in the N-SET column): status, description, end, results,
 * radiation dose and billing. Everything else is "Not allowed" in N-SET (patient, scheduled step,
 * PPS ID, station, location, start, modality, study ID).
 */
export const SET_ALLOWED: ReadonlySet<string> = new Set([
  'SpecificCharacterSet',
  'PerformedProcedureStepStatus',
  'PerformedProcedureStepDescription',
  'PerformedProcedureTypeDescription',
  'ProcedureCodeSequence',
  'PerformedProcedureStepEndDate',
  'PerformedProcedureStepEndTime',
  'CommentsOnThePerformedProcedureStep',
  'PerformedProcedureStepDiscontinuationReasonCodeSequence',
  'PerformedProtocolCodeSequence',
  'PerformedSeriesSequence',
  // Radiation Dose (PS3.3 C.4.16)
  'AnatomicStructureSpaceOrRegionSequence',
  'TotalTimeOfFluoroscopy',
  'TotalNumberOfExposures',
  'DistanceSourceToDetector',
  'DistanceSourceToEntrance',
  'EntranceDose',
  'EntranceDoseInmGy',
  'ExposedArea',
  'ImageAndFluoroscopyAreaDoseProduct',
  'CommentsOnRadiationDose',
  'ExposureDoseSequence',
  // Billing and Material Management (PS3.3 C.4.17)
  'BillingProcedureStepSequence',
  'FilmConsumptionSequence',
  'BillingSuppliesAndDevicesSequence',
]);

/** Final state (COMPLETED or DISCONTINUED), top level: type 1. */
export const FINAL_TYPE1 = ['PerformedProcedureStepEndDate', 'PerformedProcedureStepEndTime'] as const;

/** Final state, each Performed Series Sequence item: type 1. */
export const FINAL_SERIES_TYPE1 = ['SeriesInstanceUID', 'ProtocolName'] as const;
