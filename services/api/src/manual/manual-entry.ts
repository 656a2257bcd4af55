import type { WorklistItem } from '@mwl/db';
import {
  localScheduleFromInstant,
  validateEntry,
  type WorklistEntry,
  type WorklistEntryInput,
} from '@mwl/domain';
import { RequestValidationError } from '../errors.ts';

/** The built-in source of items created over the api. */
export const MANUAL_SOURCE = 'manual';

/** What a client sends to create or replace a manual item. */
export interface ManualItemInput {
  patientName: string;
  patientId: string;
  issuerOfPatientId?: string;
  patientBirthDate?: string;
  patientSex?: 'M' | 'F' | 'O';
  patientWeightKg?: number;
  patientSizeM?: number;
  accessionNumber?: string;
  studyInstanceUid?: string;
  requestedProcedureId?: string;
  requestedProcedureDescription?: string;
  studyDescription?: string;
  referringPhysicianName?: string;
  spsId?: string;
  spsDescription?: string;
  protocolCode?: { value: string; scheme: string; meaning: string };
  modality: string;
  scheduledStationAeTitle: string;
  scheduledStationName?: string;
  scheduledPerformingPhysician?: string;
  /** The scheduled start as an instant (ISO 8601 with offset). */
  scheduledAt: string;
  /** IANA timezone the scanner's local date/time are given in; default the api's. */
  timezone?: string;
  durationMinutes?: number;
  extra?: Record<string, string>;
}

const str = (maxLength: number) => ({ type: 'string', maxLength });

/** Route schema of `ManualItemInput`: shapes and bounds; the domain schema checks the DICOM rules. */
export const manualItemInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['patientName', 'patientId', 'modality', 'scheduledStationAeTitle', 'scheduledAt'],
  properties: {
    patientName: { ...str(324), description: 'DICOM PN: Family^Given^Middle^Prefix^Suffix' },
    patientId: str(64),
    issuerOfPatientId: str(64),
    patientBirthDate: { ...str(8), description: 'DA YYYYMMDD' },
    patientSex: { type: 'string', enum: ['M', 'F', 'O'] },
    patientWeightKg: { type: 'number' },
    patientSizeM: { type: 'number' },
    accessionNumber: { ...str(16), description: 'assigned by the writer when absent' },
    studyInstanceUid: { ...str(64), description: 'assigned by the writer when absent' },
    requestedProcedureId: str(16),
    requestedProcedureDescription: str(64),
    studyDescription: str(64),
    referringPhysicianName: str(324),
    spsId: str(16),
    spsDescription: str(64),
    protocolCode: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'scheme', 'meaning'],
      properties: { value: str(16), scheme: str(16), meaning: str(64) },
    },
    modality: str(16),
    scheduledStationAeTitle: str(16),
    scheduledStationName: str(16),
    scheduledPerformingPhysician: str(324),
    scheduledAt: { type: 'string', format: 'date-time', description: 'ISO 8601 with offset' },
    timezone: { ...str(64), description: "IANA timezone of the scanner's local date/time" },
    durationMinutes: { type: 'integer' },
    extra: { type: 'object', maxProperties: 32, additionalProperties: str(1024) },
  },
} as const;

/**
 * The worklist entry of a manual item, validated by the same schema every source's entries pass.
 * Problems name `body.<field>`, never values.
 */
export function manualEntry(
  input: ManualItemInput,
  sourceKey: string,
  defaultTimezone: string,
  status: WorklistEntryInput['status'] = 'SCHEDULED',
): WorklistEntry {
  const { scheduledAt, timezone: zone, ...fields } = input;
  const timezone = zone ?? defaultTimezone;
  let schedule: ReturnType<typeof localScheduleFromInstant>;
  try {
    schedule = localScheduleFromInstant(scheduledAt, timezone);
  } catch {
    throw new RequestValidationError('the manual item is invalid', [
      { path: 'body.scheduledAt', message: 'must be an instant with offset in a valid timezone' },
    ]);
  }
  const result = validateEntry({
    ...fields,
    source: MANUAL_SOURCE,
    sourceKey,
    ...schedule,
    timezone,
    status,
    extra: fields.extra ?? {},
  });
  if (!result.ok) {
    const problems = result.problems.map((p) => ({
      path: `body.${p.path.startsWith('spsStart') ? 'scheduledAt' : p.path}`,
      message: p.message,
    }));
    throw new RequestValidationError('the manual item is invalid', problems);
  }
  return result.entry;
}

/** A stored row back as an entry (to cancel it through the writer with the content it has). */
export function entryOfRow(row: WorklistItem, status: WorklistEntryInput['status']): WorklistEntryInput {
  const optional = <T>(value: T | null) => (value === null ? undefined : value);
  const sex =
    row.patientSex === 'M' || row.patientSex === 'F' || row.patientSex === 'O' ? row.patientSex : undefined;
  const protocolCode =
    row.protocolCodeValue && row.protocolCodingScheme && row.protocolCodeMeaning
      ? { value: row.protocolCodeValue, scheme: row.protocolCodingScheme, meaning: row.protocolCodeMeaning }
      : undefined;
  const entry: Record<string, unknown> = {
    source: row.source,
    sourceKey: row.sourceKey,
    patientName: row.patientName,
    patientId: row.patientId,
    issuerOfPatientId: optional(row.issuerOfPatientId),
    patientBirthDate: optional(row.patientBirthDate),
    patientSex: sex,
    patientWeightKg: optional(row.patientWeightKg),
    patientSizeM: optional(row.patientSizeM),
    accessionNumber: row.accessionNumber,
    studyInstanceUid: row.studyInstanceUid,
    requestedProcedureId: row.requestedProcedureId,
    requestedProcedureDescription: optional(row.requestedProcedureDescription),
    studyDescription: optional(row.studyDescription),
    referringPhysicianName: optional(row.referringPhysicianName),
    spsId: row.spsId,
    spsDescription: optional(row.spsDescription),
    protocolCode,
    modality: row.modality,
    scheduledStationAeTitle: row.scheduledStationAeTitle,
    scheduledStationName: optional(row.scheduledStationName),
    scheduledPerformingPhysician: optional(row.scheduledPerformingPhysician),
    spsStartDate: row.spsStartDate,
    spsStartTime: row.spsStartTime,
    spsStartAt: localScheduleFromInstant(row.spsStartAt, row.timezone).spsStartAt,
    timezone: row.timezone,
    durationMinutes: optional(row.durationMinutes),
    status,
    extra: row.extra ?? {},
  };
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry as unknown as WorklistEntryInput;
}
