import type { NServiceResult } from '@mwl/dimse';
import { MPPS_DIMSE_STATUS, type MppsFailure } from '@mwl/domain';
import type { MppsRepository } from '@mwl/db';
import type { Logger } from '@mwl/observability';
import { TIMED_OUT, within } from './deadline.ts';
import { DatabaseTimeoutError } from './errors.ts';
import type { GatewayMetrics, MppsOutcome } from './gateway-metrics.ts';

export interface MppsDeps {
  repository: MppsRepository;
  logger: Logger;
  metrics?: GatewayMetrics;
  /** The site's IANA zone: PPS start/end date and time are local times in it. */
  timezone: string;
  /** Longest wait for the store before answering 0x0110 (the write may still land: see the docs). */
  timeoutMs: number;
}

/** The store's answer, or DatabaseTimeoutError after `deps.timeoutMs`. */
export async function withinStoreDeadline<T>(promise: Promise<T>, deps: MppsDeps): Promise<T> {
  const result = await within(promise, deps.timeoutMs);
  if (result === TIMED_OUT) {
    promise.catch(() => undefined);
    throw new DatabaseTimeoutError(deps.timeoutMs);
  }
  return result;
}

/** The DIMSE answer of a refusal: status, Error ID, comment, Attribute Identifier List. */
export function failureResult(failure: MppsFailure): NServiceResult {
  return {
    status: failure.status,
    errorComment: failure.comment,
    ...(failure.errorId !== undefined && { errorId: failure.errorId }),
    ...(failure.attributes.length > 0 && { attributeIdentifierList: failure.attributes }),
  };
}

/** The metric/log outcome of a refusal. */
export function failureOutcome(failure: MppsFailure): MppsOutcome {
  switch (failure.status) {
    case MPPS_DIMSE_STATUS.missingAttribute:
      return 'missing_attribute';
    case MPPS_DIMSE_STATUS.missingAttributeValue:
      return 'missing_value';
    case MPPS_DIMSE_STATUS.invalidAttributeValue:
      return 'invalid_value';
    case MPPS_DIMSE_STATUS.processingFailure:
      return 'final';
    default:
      return 'failed';
  }
}
