import type { DicomDataset, DimseContext, NServiceResult } from '@mwl/dimse';
import { decideSet, describeError, MPPS_DIMSE_STATUS, mppsEndedAt } from '@mwl/domain';
import type { MppsOutcome } from './gateway-metrics.ts';
import { failureOutcome, failureResult, withinStoreDeadline, type MppsDeps } from './mpps-result.ts';

/**
 * MPPS N-SET (PS3.4 F.7.2.2): the stored instance is read, `decideSet` applied (0110/A710 on a
 * final instance, 0106, final-state checks 0120/0121), and the result written with the linked
 * steps' COMPLETED or DISCONTINUED status in one statement. Unknown UID → 0x0112; the store
 * failing → 0x0110. Any gateway instance can answer: nothing is kept in memory between messages.
 * Attributes N-SET may not change are ignored (policy in `decideSet`) and named in the log.
 */
export async function handleMppsSet(
  ctx: DimseContext,
  sopInstanceUid: string,
  dataset: DicomDataset,
  deps: MppsDeps,
): Promise<NServiceResult> {
  const log = {
    assocId: ctx.assocId,
    callingAe: ctx.callingAeTitle,
    messageId: ctx.messageId,
    sopInstanceUid,
  };
  const answer = (outcome: MppsOutcome, result: NServiceResult, extra: object = {}): NServiceResult => {
    deps.metrics?.mppsAnswered('n_set', outcome, ctx.callingAeTitle);
    const level =
      outcome === 'failed' ? 'error' : result.status === MPPS_DIMSE_STATUS.success ? 'info' : 'warn';
    deps.logger[level]({ ...log, ...extra, outcome, status: result.status }, 'MPPS N-SET answered');
    return result;
  };
  try {
    const result = await withinStoreDeadline(
      deps.repository.update(
        sopInstanceUid,
        (state) => decideSet(state, dataset),
        ({ updated }) => mppsEndedAt(updated, deps.timezone),
      ),
      deps,
    );
    switch (result.outcome) {
      case 'not-found':
        return answer('not_found', {
          status: MPPS_DIMSE_STATUS.noSuchObjectInstance,
          errorComment: 'No such MPPS instance',
        });
      case 'refused': {
        const { failure } = result.decision;
        return answer(failureOutcome(failure), failureResult(failure), { attributes: failure.attributes });
      }
      case 'updated': {
        const outcome: MppsOutcome =
          result.status === 'COMPLETED'
            ? 'completed'
            : result.status === 'DISCONTINUED'
              ? 'discontinued'
              : 'updated';
        return answer(
          outcome,
          { status: MPPS_DIMSE_STATUS.success },
          {
            itemsUpdated: result.itemsUpdated,
            ...(result.ignored.length > 0 && { ignoredAttributes: result.ignored }),
          },
        );
      }
    }
  } catch (error) {
    return answer(
      'failed',
      { status: MPPS_DIMSE_STATUS.processingFailure, errorComment: 'MPPS store unavailable' },
      { err: describeError(error) },
    );
  }
}
