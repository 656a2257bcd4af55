import type { WorklistItem } from '@mwl/db';
import { csvLine } from './csv.ts';

/** A worklist item as the api answers it (JSON): ids as strings, instants as ISO 8601. */
export interface WorklistItemView {
  id: string;
  source: string;
  sourceKey: string;
  status: string;
  cancelledAt: string | null;
  patientName: string;
  patientId: string;
  issuerOfPatientId: string | null;
  patientBirthDate: string | null;
  patientSex: string | null;
  accessionNumber: string;
  studyInstanceUid: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string | null;
  studyDescription: string | null;
  spsId: string;
  spsDescription: string | null;
  modality: string;
  scheduledStationAeTitle: string;
  scheduledStationName: string | null;
  spsStartDate: string;
  spsStartTime: string;
  spsStartAt: string;
  timezone: string;
  durationMinutes: number | null;
  rowVersion: number;
  updatedAt: string;
}

export function worklistItemView(row: WorklistItem): WorklistItemView {
  return {
    id: row.id.toString(),
    source: row.source,
    sourceKey: row.sourceKey,
    status: row.status,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    patientName: row.patientName,
    patientId: row.patientId,
    issuerOfPatientId: row.issuerOfPatientId,
    patientBirthDate: row.patientBirthDate,
    patientSex: row.patientSex,
    accessionNumber: row.accessionNumber,
    studyInstanceUid: row.studyInstanceUid,
    requestedProcedureId: row.requestedProcedureId,
    requestedProcedureDescription: row.requestedProcedureDescription,
    studyDescription: row.studyDescription,
    spsId: row.spsId,
    spsDescription: row.spsDescription,
    modality: row.modality,
    scheduledStationAeTitle: row.scheduledStationAeTitle,
    scheduledStationName: row.scheduledStationName,
    spsStartDate: row.spsStartDate,
    spsStartTime: row.spsStartTime,
    spsStartAt: row.spsStartAt.toISOString(),
    timezone: row.timezone,
    durationMinutes: row.durationMinutes,
    rowVersion: row.rowVersion,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const NULLABLE_STRINGS = [
  'cancelledAt',
  'issuerOfPatientId',
  'patientBirthDate',
  'patientSex',
  'requestedProcedureDescription',
  'studyDescription',
  'spsDescription',
  'scheduledStationName',
] as const;
const STRINGS = [
  'id',
  'source',
  'sourceKey',
  'status',
  'patientName',
  'patientId',
  'accessionNumber',
  'studyInstanceUid',
  'requestedProcedureId',
  'spsId',
  'modality',
  'scheduledStationAeTitle',
  'spsStartDate',
  'spsStartTime',
  'spsStartAt',
  'timezone',
  'updatedAt',
] as const;

/** Column order of the CSV export. */
export const WORKLIST_COLUMNS: readonly (keyof WorklistItemView)[] = [
  'id',
  'source',
  'sourceKey',
  'status',
  'spsStartDate',
  'spsStartTime',
  'spsStartAt',
  'timezone',
  'modality',
  'scheduledStationAeTitle',
  'scheduledStationName',
  'patientName',
  'patientId',
  'issuerOfPatientId',
  'patientBirthDate',
  'patientSex',
  'accessionNumber',
  'studyInstanceUid',
  'requestedProcedureId',
  'requestedProcedureDescription',
  'studyDescription',
  'spsId',
  'spsDescription',
  'durationMinutes',
  'cancelledAt',
  'rowVersion',
  'updatedAt',
];

export const worklistItemSchema = {
  type: 'object',
  required: [...STRINGS, 'rowVersion'],
  properties: {
    ...Object.fromEntries(STRINGS.map((key) => [key, { type: 'string' }])),
    ...Object.fromEntries(NULLABLE_STRINGS.map((key) => [key, { type: 'string', nullable: true }])),
    durationMinutes: { type: 'integer', nullable: true },
    rowVersion: { type: 'integer' },
  },
} as const;

/** The CSV export: a header line of `WORKLIST_COLUMNS`, then one line per item. */
export function worklistCsv(views: readonly WorklistItemView[]): string {
  return [csvLine(WORKLIST_COLUMNS), ...views.map((v) => csvLine(WORKLIST_COLUMNS.map((c) => v[c])))].join(
    '',
  );
}
