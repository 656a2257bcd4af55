import { MPPS_DIMSE_STATUS, type MppsFailure } from '@mwl/domain';
import { MppsRefusedError } from '../errors.ts';

/**
 * The HTTP answer of each MPPS outcome (PS3.18 Tables 15.4.3-1 and 15.5.3-1), from the DIMSE status
 * the same state machine gives the gateway:
 * - 0120 / 0121 / 0106 (missing attribute, missing value, invalid value) → 400;
 * - 0111 (the UID is already in use) → 409;
 * - 0112 (no such instance) → 404;
 * - 0110 with Error ID A710 (COMPLETED or DISCONTINUED: may no longer be updated) → 409, "the
 *   changes are incompatible with the data of the target". 410 is for a step that "did exist but
 *   has been deleted": mwl-bridge never deletes an MPPS, so it never answers 410.
 */
const REFUSALS: Readonly<Record<number, { code: string; status: number; problem: string }>> = {
  [MPPS_DIMSE_STATUS.missingAttribute]: {
    code: 'MWL_ERR_API_MPPS_MISSING_ATTRIBUTE',
    status: 400,
    problem: 'is required and absent',
  },
  [MPPS_DIMSE_STATUS.missingAttributeValue]: {
    code: 'MWL_ERR_API_MPPS_MISSING_VALUE',
    status: 400,
    problem: 'is required with a value and is empty',
  },
  [MPPS_DIMSE_STATUS.invalidAttributeValue]: {
    code: 'MWL_ERR_API_MPPS_INVALID_VALUE',
    status: 400,
    problem: 'has an invalid value',
  },
  [MPPS_DIMSE_STATUS.processingFailure]: {
    code: 'MWL_ERR_API_MPPS_FINAL',
    status: 409,
    problem: 'the step is COMPLETED or DISCONTINUED',
  },
};

/** A refusal of `decideCreate` / `decideSet` as a problem+json error naming the attributes. */
export function mppsRefusal(failure: MppsFailure): MppsRefusedError {
  const refusal = REFUSALS[failure.status] ?? {
    code: 'MWL_ERR_API_MPPS_REFUSED',
    status: 400,
    problem: 'is refused',
  };
  const problems = failure.attributes.map((keyword) => ({ path: keyword, message: refusal.problem }));
  return new MppsRefusedError(
    refusal.code,
    refusal.status,
    failure.comment,
    failure.status,
    problems.length > 0 ? problems : undefined,
  );
}

export function mppsExists(): MppsRefusedError {
  return new MppsRefusedError(
    'MWL_ERR_API_MPPS_EXISTS',
    409,
    'a Modality Performed Procedure Step with this UID already exists',
    MPPS_DIMSE_STATUS.duplicateSopInstance,
  );
}

export function mppsUnknown(): MppsRefusedError {
  return new MppsRefusedError(
    'MWL_ERR_API_MPPS_UNKNOWN',
    404,
    'no Modality Performed Procedure Step with this UID',
    MPPS_DIMSE_STATUS.noSuchObjectInstance,
  );
}
