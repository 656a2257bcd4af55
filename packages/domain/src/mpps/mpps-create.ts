import { isValidDA, isValidTM } from '../dicom/date-time.ts';
import { CREATE_STEP_TYPE1, CREATE_STEP_TYPE2, CREATE_TYPE1, CREATE_TYPE2 } from './mpps-attributes.ts';
import {
  itemsOf,
  presenceOf,
  textOf,
  toStoredAttributes,
  type MppsDataset,
  type StoredMppsAttributes,
} from './mpps-dataset.ts';
import { MPPS_DIMSE_STATUS, type MppsFailure } from './mpps-status.ts';

/** What the store keeps of an accepted N-CREATE. */
export interface MppsCreated {
  status: 'IN PROGRESS';
  attributes: StoredMppsAttributes;
  performedStationAeTitle: string;
  startDate: string;
  startTime: string;
}

export type MppsCreateDecision = { ok: true; created: MppsCreated } | { ok: false; failure: MppsFailure };

/** Missing (0120) and empty type 1 (0121) attributes of a data set, as keyword paths. */
export function missingAttributes(
  dataset: MppsDataset,
  type1: readonly string[],
  type2: readonly string[],
  prefix = '',
): { absent: string[]; empty: string[] } {
  const absent: string[] = [];
  const empty: string[] = [];
  for (const keyword of type1) {
    const presence = presenceOf(dataset[keyword]);
    if (presence === 'absent') absent.push(prefix + keyword);
    else if (presence === 'empty') empty.push(prefix + keyword);
  }
  for (const keyword of type2) {
    if (dataset[keyword] === undefined) absent.push(prefix + keyword);
  }
  return { absent, empty };
}

/** A refusal naming the attributes: leaf keywords in the list, full paths in the comment. */
export function refusal(status: number, paths: string[], what: string): { ok: false; failure: MppsFailure } {
  return {
    ok: false,
    failure: { status, attributes: leafKeywords(paths), comment: `${what}: ${paths.join(', ')}` },
  };
}

/** The last keyword of a path (`ScheduledStepAttributesSequence.StudyInstanceUID` → `StudyInstanceUID`). */
export function leafKeywords(paths: readonly string[]): string[] {
  return [...new Set(paths.map((path) => path.slice(path.lastIndexOf('.') + 1)))];
}

/**
 * Checks an N-CREATE against PS3.4 F.7.2.1 (Table F.7.2-1, N-CREATE column):
 * - a type 1 or 2 attribute absent → 0x0120 Missing Attribute;
 * - a type 1 attribute zero-length → 0x0121 Missing Attribute Value;
 * - Performed Procedure Step Status other than IN PROGRESS, or a start date/time that is not a
 *   valid DA/TM → 0x0106 Invalid Attribute Value.
 * Each failure lists the attributes concerned (keywords; nested ones as `Sequence.Keyword` in the
 * comment, the leaf keyword in the list).
 */
export function decideCreate(dataset: MppsDataset): MppsCreateDecision {
  const top = missingAttributes(dataset, CREATE_TYPE1, CREATE_TYPE2);
  const absent = [...top.absent];
  const empty = [...top.empty];
  for (const [index, item] of itemsOf(dataset['ScheduledStepAttributesSequence']).entries()) {
    const nested = missingAttributes(
      item,
      CREATE_STEP_TYPE1,
      CREATE_STEP_TYPE2,
      `ScheduledStepAttributesSequence[${index}].`,
    );
    absent.push(...nested.absent);
    empty.push(...nested.empty);
  }
  if (absent.length > 0) return refusal(MPPS_DIMSE_STATUS.missingAttribute, absent, 'Missing attribute');
  if (empty.length > 0) {
    return refusal(MPPS_DIMSE_STATUS.missingAttributeValue, empty, 'Missing attribute value');
  }
  const invalid: string[] = [];
  if (textOf(dataset['PerformedProcedureStepStatus']) !== 'IN PROGRESS') {
    invalid.push('PerformedProcedureStepStatus');
  }
  const startDate = textOf(dataset['PerformedProcedureStepStartDate']) ?? '';
  const startTime = textOf(dataset['PerformedProcedureStepStartTime']) ?? '';
  if (!isValidDA(startDate)) invalid.push('PerformedProcedureStepStartDate');
  if (!isValidTM(startTime)) invalid.push('PerformedProcedureStepStartTime');
  if (invalid.length > 0) {
    return refusal(MPPS_DIMSE_STATUS.invalidAttributeValue, invalid, 'Invalid attribute value');
  }
  return {
    ok: true,
    created: {
      status: 'IN PROGRESS',
      attributes: toStoredAttributes(dataset),
      performedStationAeTitle: textOf(dataset['PerformedStationAETitle']) ?? '',
      startDate,
      startTime,
    },
  };
}
