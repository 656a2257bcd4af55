import { isValidDA, isValidTM } from '../dicom/date-time.ts';
import { FINAL_SERIES_TYPE1, FINAL_TYPE1, SET_ALLOWED } from './mpps-attributes.ts';
import { mergeCharacterSets } from './mpps-charset.ts';
import { missingAttributes, refusal } from './mpps-create.ts';
import {
  itemsOf,
  textOf,
  toStoredAttributes,
  type MppsDataset,
  type StoredMppsAttributes,
} from './mpps-dataset.ts';
import {
  isFinalMppsStatus,
  isMppsStatus,
  MPPS_DIMSE_STATUS,
  MPPS_ERROR_ID_NO_LONGER_UPDATABLE,
  MPPS_NO_LONGER_UPDATABLE_COMMENT,
  type MppsFailure,
} from './mpps-status.ts';
import type { MppsStatus } from '../sps-status.ts';

/** A stored MPPS, as far as an N-SET needs it. */
export interface MppsState {
  status: string;
  attributes: StoredMppsAttributes;
}

export interface MppsUpdated {
  status: MppsStatus;
  attributes: StoredMppsAttributes;
  /** Set when this N-SET moved the instance to COMPLETED or DISCONTINUED. */
  final: boolean;
  endDate?: string;
  endTime?: string;
  /**
   * Attributes N-SET may not change (PS3.4 Table F.7.2-1 "Not allowed") that the request carried:
   * ignored, the stored values kept (see `decideSet`).
   */
  ignored: string[];
}

export type MppsSetDecision = { ok: true; updated: MppsUpdated } | { ok: false; failure: MppsFailure };

/**
 * Applies an N-SET (PS3.4 F.7.2.2) to a stored instance:
 * - the instance is COMPLETED or DISCONTINUED → 0x0110, Error ID 0xA710, "Performed Procedure
 *   Step Object may no longer be updated";
 * - a status that is not an MPPS status, or an end date/time that is not a valid DA/TM → 0x0106;
 * - each allowed attribute replaces the stored one (a sequence as a whole, a zero-length value
 *   empties it); attributes the request does not carry are kept (the Performed Series Sequence of
 *   an earlier N-SET stays when a later one omits it);
 * - policy for attributes N-SET may not change (patient, scheduled step, PPS ID, station,
 *   location, start, modality, study ID): ignored, the N-CREATE values kept, the keywords
 *   reported in `ignored` (scanners resend them unchanged; refusing would lose the final state);
 * - Specific Character Set merged (see `mergeCharacterSets`);
 * - to COMPLETED or DISCONTINUED, the merged instance needs End Date and End Time with values and
 *   at least one Performed Series item, each with Series Instance UID and Protocol Name: absent →
 *   0x0120, zero-length or no item → 0x0121.
 */
export function decideSet(stored: MppsState, request: MppsDataset): MppsSetDecision {
  if (stored.status !== 'IN PROGRESS') {
    return {
      ok: false,
      failure: {
        status: MPPS_DIMSE_STATUS.processingFailure,
        attributes: [],
        comment: MPPS_NO_LONGER_UPDATABLE_COMMENT,
        errorId: MPPS_ERROR_ID_NO_LONGER_UPDATABLE,
      },
    };
  }
  const ignored: string[] = [];
  const changes: MppsDataset = {};
  for (const [keyword, value] of Object.entries(request)) {
    if (value === undefined) continue;
    if (SET_ALLOWED.has(keyword)) changes[keyword] = value;
    else ignored.push(keyword);
  }
  const invalid: string[] = [];
  const requestedStatus = changes['PerformedProcedureStepStatus'];
  const status = requestedStatus === undefined ? 'IN PROGRESS' : textOf(requestedStatus);
  if (!isMppsStatus(status)) invalid.push('PerformedProcedureStepStatus');
  for (const [keyword, valid] of [
    ['PerformedProcedureStepEndDate', isValidDA],
    ['PerformedProcedureStepEndTime', isValidTM],
  ] as const) {
    const text = textOf(changes[keyword]);
    if (text !== undefined && !valid(text)) invalid.push(keyword);
  }
  if (invalid.length > 0 || !isMppsStatus(status)) {
    return refusal(MPPS_DIMSE_STATUS.invalidAttributeValue, invalid, 'Invalid attribute value');
  }

  const { SpecificCharacterSet: incomingCharset, ...rest } = changes;
  const attributes: StoredMppsAttributes = { ...stored.attributes, ...toStoredAttributes(rest) };
  const charset = mergeCharacterSets(stored.attributes['SpecificCharacterSet'], incomingCharset);
  if (charset === undefined) delete attributes['SpecificCharacterSet'];
  else attributes['SpecificCharacterSet'] = charset;
  attributes['PerformedProcedureStepStatus'] = status;

  const final = isFinalMppsStatus(status);
  if (final) {
    const missing = finalStateMissing(attributes);
    if (missing.absent.length > 0) {
      return refusal(MPPS_DIMSE_STATUS.missingAttribute, missing.absent, `Missing for ${status}`);
    }
    if (missing.empty.length > 0) {
      return refusal(MPPS_DIMSE_STATUS.missingAttributeValue, missing.empty, `Missing for ${status}`);
    }
  }
  const endDate = textOf(attributes['PerformedProcedureStepEndDate']);
  const endTime = textOf(attributes['PerformedProcedureStepEndTime']);
  return {
    ok: true,
    updated: {
      status,
      attributes,
      final,
      ...(endDate !== undefined && { endDate }),
      ...(endTime !== undefined && { endTime }),
      ignored,
    },
  };
}

/** What a final state lacks: End Date/Time, a Performed Series item, each item's type 1 keys. */
function finalStateMissing(attributes: StoredMppsAttributes): { absent: string[]; empty: string[] } {
  const { absent, empty } = missingAttributes(attributes, FINAL_TYPE1, []);
  const series = attributes['PerformedSeriesSequence'];
  if (series === undefined) absent.push('PerformedSeriesSequence');
  else if (itemsOf(series).length === 0) empty.push('PerformedSeriesSequence');
  for (const [index, item] of itemsOf(series).entries()) {
    const nested = missingAttributes(item, FINAL_SERIES_TYPE1, [], `PerformedSeriesSequence[${index}].`);
    absent.push(...nested.absent);
    empty.push(...nested.empty);
  }
  return { absent, empty };
}
