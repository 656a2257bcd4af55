import type { DicomDataset, DimseContext, NServiceResult } from '@mwl/dimse';
import {
  decideCreate,
  describeError,
  isValidUid,
  MPPS_DIMSE_STATUS,
  mppsStartedAt,
  randomUid,
} from '@mwl/domain';
import type { MppsOutcome } from './gateway-metrics.ts';
import { failureOutcome, failureResult, withinStoreDeadline, type MppsDeps } from './mpps-result.ts';

/** Invalid SOP Instance (PS3.7 C.4.14): the Affected SOP Instance UID is not a UID. */
const INVALID_SOP_INSTANCE = 0x0117;

/**
 * MPPS N-CREATE (PS3.4 F.7.2.1): checked by `decideCreate` (0120 / 0121 / 0106 with the attribute
 * list), stored with its links and the STARTED status of the linked steps in one statement, then
 * answered: Success only once the instance is durable; the UID already stored → 0x0111; the store
 * failing → 0x0110. Without an Affected SOP Instance UID the SCP assigns one and returns it.
 * Logs name the outcome, the UID and how it was linked, never a patient value.
 */
export async function handleMppsCreate(
  ctx: DimseContext,
  requestedUid: string | undefined,
  dataset: DicomDataset,
  deps: MppsDeps,
): Promise<NServiceResult> {
  const sopInstanceUid = requestedUid ?? randomUid();
  const log = {
    assocId: ctx.assocId,
    callingAe: ctx.callingAeTitle,
    messageId: ctx.messageId,
    sopInstanceUid,
  };
  const answer = (outcome: MppsOutcome, result: NServiceResult, extra: object = {}): NServiceResult => {
    deps.metrics?.mppsAnswered('n_create', outcome, ctx.callingAeTitle);
    const level = outcome === 'failed' ? 'error' : outcome === 'created' ? 'info' : 'warn';
    deps.logger[level]({ ...log, ...extra, outcome, status: result.status }, 'MPPS N-CREATE answered');
    return result;
  };

  if (!isValidUid(sopInstanceUid)) {
    return answer('invalid_value', {
      status: INVALID_SOP_INSTANCE,
      errorComment: 'Invalid SOP Instance UID',
    });
  }
  const decision = decideCreate(dataset);
  if (!decision.ok) {
    return answer(failureOutcome(decision.failure), failureResult(decision.failure), {
      attributes: decision.failure.attributes,
    });
  }
  const { created } = decision;
  try {
    const stored = await withinStoreDeadline(
      deps.repository.create({
        sopInstanceUid,
        created,
        dataset,
        callingAeTitle: ctx.callingAeTitle,
        startedAt: mppsStartedAt(created, deps.timezone),
      }),
      deps,
    );
    if (stored.outcome === 'duplicate') {
      return answer('duplicate', {
        status: MPPS_DIMSE_STATUS.duplicateSopInstance,
        errorComment: 'SOP Instance UID already exists',
      });
    }
    return answer(
      'created',
      { status: MPPS_DIMSE_STATUS.success, ...(requestedUid === undefined && { sopInstanceUid }) },
      { links: stored.links.length, linkedBy: [...new Set(stored.links.map((l) => l.method))] },
    );
  } catch (error) {
    return answer(
      'failed',
      { status: MPPS_DIMSE_STATUS.processingFailure, errorComment: 'MPPS store unavailable' },
      { err: describeError(error) },
    );
  }
}
