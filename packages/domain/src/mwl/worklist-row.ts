/**
 * A `worklist_item` row as the gateway reads it: camelCase fields of the Prisma `WorklistItem`
 * model that the response builder needs. Values are stored canonical (DA `YYYYMMDD`, TM `HHMMSS`,
 * PN `Family^Given^...`), so they are answered as they are.
 */
export interface WorklistRow {
  patientName: string;
  patientId: string;
  issuerOfPatientId: string | null;
  patientBirthDate: string | null;
  patientSex: string | null;
  patientWeightKg: number | null;
  patientSizeM: number | null;

  accessionNumber: string;
  studyInstanceUid: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string | null;
  studyDescription: string | null;
  referringPhysicianName: string | null;

  spsId: string;
  spsDescription: string | null;
  protocolCodeValue: string | null;
  protocolCodingScheme: string | null;
  protocolCodeMeaning: string | null;
  modality: string;
  scheduledStationAeTitle: string;
  scheduledStationName: string | null;
  scheduledPerformingPhysician: string | null;
  spsStartDate: string;
  spsStartTime: string;
  spsStartAt: Date;
  /** IANA timezone of `spsStartDate`/`spsStartTime`. */
  timezone: string;

  status: string;
  cancelledAt: Date | null;
  /** Configured additional attributes keyed by DICOM keyword (jsonb; non-strings are ignored). */
  extra: Record<string, unknown>;
}

/**
 * `worklist_item` column → `WorklistRow` field, for every field above: the gateway selects
 * `column AS "field"` from this map, and the attribute table names columns from it.
 */
export const WORKLIST_COLUMNS = {
  patient_name: 'patientName',
  patient_id: 'patientId',
  issuer_of_patient_id: 'issuerOfPatientId',
  patient_birth_date: 'patientBirthDate',
  patient_sex: 'patientSex',
  patient_weight_kg: 'patientWeightKg',
  patient_size_m: 'patientSizeM',
  accession_number: 'accessionNumber',
  study_instance_uid: 'studyInstanceUid',
  requested_procedure_id: 'requestedProcedureId',
  requested_procedure_description: 'requestedProcedureDescription',
  study_description: 'studyDescription',
  referring_physician_name: 'referringPhysicianName',
  sps_id: 'spsId',
  sps_description: 'spsDescription',
  protocol_code_value: 'protocolCodeValue',
  protocol_coding_scheme: 'protocolCodingScheme',
  protocol_code_meaning: 'protocolCodeMeaning',
  modality: 'modality',
  scheduled_station_ae_title: 'scheduledStationAeTitle',
  scheduled_station_name: 'scheduledStationName',
  scheduled_performing_physician: 'scheduledPerformingPhysician',
  sps_start_date: 'spsStartDate',
  sps_start_time: 'spsStartTime',
  sps_start_at: 'spsStartAt',
  timezone: 'timezone',
  status: 'status',
  cancelled_at: 'cancelledAt',
  extra: 'extra',
} as const satisfies Record<string, keyof WorklistRow>;

export type WorklistColumn = keyof typeof WORKLIST_COLUMNS;
export type WorklistRowField = (typeof WORKLIST_COLUMNS)[WorklistColumn];

/**
 * The SPS status a row answers with and is matched on: a row cancelled by its source
 * (`cancelled_at` set) is CANCELED whatever its stored status. In SQL:
 * `CASE WHEN cancelled_at IS NOT NULL THEN 'CANCELED' ELSE status END`.
 */
export function effectiveSpsStatus(row: Pick<WorklistRow, 'status' | 'cancelledAt'>): string {
  return row.cancelledAt ? 'CANCELED' : row.status;
}

export const EFFECTIVE_STATUS_SQL = "CASE WHEN cancelled_at IS NOT NULL THEN 'CANCELED' ELSE status END";
