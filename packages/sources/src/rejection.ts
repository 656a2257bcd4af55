/**
 * Why a source row is not on the worklist (a rejection), or what was left out of an entry that is
 * (a warning). Codes are stable: the api, dashboards and alerts match on them. Messages and field
 * paths never carry a value from the row: they may be patient data.
 */

export const REJECTION_CODES = [
  /** The scheduled date field is empty. */
  'MWL_REJECT_NO_SCHEDULED_DATE',
  /** The scheduled time is empty (and the date carries no time, and no default time is set). */
  'MWL_REJECT_NO_SCHEDULED_TIME',
  /** The scheduled date does not parse with the configured formats (or is not a real date). */
  'MWL_REJECT_INVALID_DATE',
  /** The scheduled time does not parse with the configured formats. */
  'MWL_REJECT_INVALID_TIME',
  /** A required worklist field (patient name or id, modality, station AE title) has no value. */
  'MWL_REJECT_MISSING_FIELD',
  /** A required field's value is not valid for DICOM (too long, bad characters, unknown code). */
  'MWL_REJECT_INVALID_VALUE',
  /** The source failed to deliver this record (e.g. its detail request failed after retries). */
  'MWL_REJECT_SOURCE_READ_FAILED',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export const WARNING_CODES = [
  /** A date with only a year (or year and month): not a DICOM DA, so the field was left empty. */
  'MWL_WARN_PARTIAL_DATE',
  /** An optional field's value could not be converted or is invalid; the field was left empty. */
  'MWL_WARN_VALUE_OMITTED',
  /** The scheduled local time did not exist (spring forward) and was moved forward by the gap. */
  'MWL_WARN_DST_NONEXISTENT_TIME',
  /** The scheduled local time occurred twice (fall back); the earlier instant was taken. */
  'MWL_WARN_DST_AMBIGUOUS_TIME',
] as const;

export type WarningCode = (typeof WARNING_CODES)[number];

export interface Rejection {
  /** The row's stable identity in its source (the same key an entry would have had). */
  sourceKey: string;
  reasonCode: RejectionCode;
  /** Names the fields and the rule, never a value. */
  message: string;
  /** Worklist field paths at fault (`spsStartDate`, `patientId`, `protocolCode.value`). */
  fields: string[];
  /** Where to look in the source, e.g. `record=12 event=baseline_arm_1 instance=2`. */
  rawRef: string;
}

export interface EntryWarning {
  sourceKey: string;
  code: WarningCode;
  /** The worklist field concerned. */
  field: string;
  message: string;
  rawRef: string;
}
