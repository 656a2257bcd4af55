import type { NServiceResult } from '@mwl/dimse';
import { instantFromLocal, MPPS_DIMSE_STATUS, parseTM, type MppsFailure } from '@mwl/domain';
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

/** The instant of a DA + TM in `timezone`, or null when either is missing or invalid. */
export function localInstant(
  date: string | undefined,
  time: string | undefined,
  timezone: string,
): Date | null {
  if (!date || !time || !/^\d{8}$/.test(date)) return null;
  const parts = parseTM(time);
  if (!parts) return null;
  try {
    const { instant } = instantFromLocal(
      {
        year: Number(date.slice(0, 4)),
        month: Number(date.slice(4, 6)),
        day: Number(date.slice(6, 8)),
        hour: parts.hour,
        minute: parts.minute,
        second: Math.min(parts.second, 59),
      },
      timezone,
    );
    return instant.toJSDate();
  } catch {
    return null;
  }
}
