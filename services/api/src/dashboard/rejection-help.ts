/**
 * Rejection reason codes (`MWL_REJECT_*` of @mwl/sources, the writer's duplicate UID) in words a
 * study coordinator can act on: what went wrong, and where to fix it for each kind of source. The
 * stored message names the fields at fault but never their values (they may be patient data), so
 * the advice names the field and the rule, and the coordinator looks at the value in the source.
 */
export type SourceKind = 'redcap' | 'calpendo' | 'file' | 'other';

export interface RejectionHelp {
  /** A short heading: what is wrong. */
  title: string;
  /** How to fix it, in the place the coordinator works. */
  fix: string;
}

type HelpTable = Record<string, { title: string; fix: Record<SourceKind, string> }>;

const IN_RECORD = 'Open the record named below';

const HELP: HelpTable = {
  MWL_REJECT_NO_SCHEDULED_DATE: {
    title: 'The scan date is empty',
    fix: {
      redcap: `${IN_RECORD} in REDCap and fill in the scan date field of that event (the field is named in the details).`,
      calpendo: 'Open the booking in Calpendo and check that it has a start and end time.',
      file: 'Fill in the scan date column of that row in the file.',
      other: 'Fill in the scan date of that record in its source.',
    },
  },
  MWL_REJECT_NO_SCHEDULED_TIME: {
    title: 'The scan time is empty',
    fix: {
      redcap: `${IN_RECORD} in REDCap and fill in the scan time field (or ask IT to set a default time for this source).`,
      calpendo: 'Open the booking in Calpendo and check that it has a start time.',
      file: 'Fill in the scan time column of that row in the file.',
      other: 'Fill in the scan time of that record in its source.',
    },
  },
  MWL_REJECT_INVALID_DATE: {
    title: 'A date is not a real date (for example 1990-13-01) or is not in the expected format',
    fix: {
      redcap: `${IN_RECORD} in REDCap and correct the date named below: a real day, in the field's date format (use the date picker; check day and month are not swapped).`,
      calpendo:
        'Open the booking in Calpendo and set its date again with the calendar; if it looks right, tell IT (the booking time could not be read).',
      file: 'Correct the date in that row of the file: a real day written in the format the source is configured for (for example 2026-03-10).',
      other: 'Correct the date in that record: a real day in the configured format.',
    },
  },
  MWL_REJECT_INVALID_TIME: {
    title: 'A time is not a real time (for example 25:70) or is not in the expected format',
    fix: {
      redcap: `${IN_RECORD} in REDCap and correct the time named below (24-hour clock, for example 14:30).`,
      calpendo: 'Open the booking in Calpendo and set its start time again.',
      file: 'Correct the time in that row of the file (24-hour clock, for example 14:30).',
      other: 'Correct the time in that record (24-hour clock).',
    },
  },
  MWL_REJECT_MISSING_FIELD: {
    title: 'A required value is empty (participant name or ID, modality, scanner, or the record key)',
    fix: {
      redcap: `${IN_RECORD} in REDCap and fill in the field named below (for example the participant ID or the scanner).`,
      calpendo:
        'Open the booking in Calpendo and fill in what is named below (for example the participant or the project).',
      file: 'Fill in the column named below in that row of the file (the row number is given).',
      other: 'Fill in the field named below in that record.',
    },
  },
  MWL_REJECT_INVALID_VALUE: {
    title:
      'A value cannot be used on the scanner (too long, characters the scanner cannot show, or an unknown code)',
    fix: {
      redcap: `${IN_RECORD} in REDCap and shorten or correct the field named below (names: letters, spaces and hyphens; IDs: at most 64 characters; sex: M, F or O).`,
      calpendo:
        'Open the booking in Calpendo and correct the value named below (shorter, plain letters and digits).',
      file: 'Correct the column named below in that row of the file (shorter, plain letters and digits, known codes).',
      other: 'Correct the field named below in that record.',
    },
  },
  MWL_REJECT_SOURCE_READ_FAILED: {
    title: 'The record could not be read from the source',
    fix: {
      redcap:
        'Nothing to change in the record: the next sync tries again. If it stays, tell IT (REDCap did not answer for this record).',
      calpendo:
        'Nothing to change in the booking: the next sync tries again. If it stays, tell IT (Calpendo did not answer for this booking).',
      file: 'Nothing to change in the row: the next sync tries again. If it stays, tell IT.',
      other: 'The next sync tries again. If it stays, tell IT.',
    },
  },
  DUPLICATE_STUDY_INSTANCE_UID: {
    title: 'Another scan already uses the same Study Instance UID',
    fix: {
      redcap: `${IN_RECORD} in REDCap: its Study Instance UID field is a copy of another record's. Clear it (mwl-bridge makes one) or correct it.`,
      calpendo:
        'Two bookings share one Study Instance UID: tell IT (the UIDs come from the booking settings).',
      file: 'Two rows of the file share one Study Instance UID: clear or correct it in this row.',
      other: 'Two records share one Study Instance UID: correct it in this record.',
    },
  },
};

const UNKNOWN = {
  title: 'The record was not accepted',
  fix: 'Read the details below and correct the record in its source; if the reason is unclear, tell IT and give them the code.',
};

/** The kind of source (`redcap`, `calpendo`, `file`) a configured source type belongs to. */
export function sourceKindOf(type: string | undefined): SourceKind {
  return type === 'redcap' || type === 'calpendo' || type === 'file' ? type : 'other';
}

export function rejectionHelp(reasonCode: string, kind: SourceKind): RejectionHelp {
  const entry = HELP[reasonCode];
  if (!entry) return UNKNOWN;
  return { title: entry.title, fix: entry.fix[kind] };
}

/** Every reason code the table explains (for its test against @mwl/sources' list). */
export const EXPLAINED_REASON_CODES: readonly string[] = Object.keys(HELP);

const FIELD_LABELS: Record<string, string> = {
  patientName: 'participant name',
  patientId: 'participant ID',
  issuerOfPatientId: 'issuer of the participant ID',
  patientBirthDate: 'birth date',
  patientSex: 'sex',
  patientWeightKg: 'weight',
  patientHeightM: 'height',
  accessionNumber: 'accession number',
  studyInstanceUid: 'Study Instance UID',
  requestedProcedureId: 'requested procedure ID',
  requestedProcedureDescription: 'procedure description',
  studyDescription: 'study description',
  spsId: 'scheduled step ID',
  spsDescription: 'protocol',
  protocolCode: 'protocol code',
  modality: 'modality',
  scheduledStationAeTitle: 'scanner (station AE title)',
  scheduledStationName: 'scanner name',
  spsStartDate: 'scan date',
  spsStartTime: 'scan time',
  durationMinutes: 'duration',
  sourceKey: 'record key',
  referringPhysicianName: 'referring physician',
};

/** A worklist field path (`patientBirthDate`, `protocolCode.value`) in words. */
export function fieldLabel(path: string): string {
  const root = path.split('.')[0] ?? path;
  return FIELD_LABELS[root] ?? path;
}
