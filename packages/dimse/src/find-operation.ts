import { once } from 'node:events';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Operation } from './association-state.ts';
import { applyCommandFields } from './command-fields.ts';
import { useFastCommandSet } from './encoded-dataset.ts';
import { DimseCancelledError, DimseUsageError } from './errors.ts';
import { responses, type LibCFindRequest, type LibCFindResponse } from './lib.ts';
import { describeError } from './log-safe.ts';
import { requestDataset } from './request-dataset.ts';
import type { OperationHost } from './operation-host.ts';
import { DimseStatus, isFinalFindStatus, isPendingStatus, SopClassUid, TransferSyntaxUid } from './status.ts';
import type { DicomDataset, DimseFinalStatus, FindPendingStatus, FindResponder } from './types.ts';

/**
 * Let the event loop read the socket (a C-CANCEL) at least this often while streaming. The
 * responses sent between two turns leave in one write: at 16, a 20-match answer took two.
 */
const YIELD_EVERY = 64;

/**
 * Runs one C-FIND: converts the identifier, gives the handler a responder, and answers the
 * library's callback exactly once, whatever the handler does (returns, throws, never sends).
 * After a C-CANCEL the final status is Cancel (0xFE00); a throw gives 0xC000 "Unable to process".
 */
export function runFind(
  host: OperationHost,
  request: LibCFindRequest,
  callback: (rsp: LibCFindResponse) => void,
): void {
  const { runtime, state } = host;
  const operation = state.begin(request.getMessageId(), 'find');
  runtime.stats.find++;
  let finished = false;

  const finish = (final: DimseFinalStatus): void => {
    if (finished) return;
    finished = true;
    state.end(operation);
    if (operation.cancelledByPeer) runtime.stats.findCancelled++;
    if (state.phase === 'established') {
      const response = useFastCommandSet(responses.CFindResponse.fromRequest(request), runtime.encoder);
      response.setAffectedSopClassUid(request.getAffectedSopClassUid());
      response.setStatus(final.status);
      applyCommandFields(
        response.getCommandDataset(),
        { errorComment: final.errorComment },
        runtime.dictionary,
      );
      callback(response);
    }
    host.operationDone();
  };

  const handler = runtime.handlers.onFind;
  const received = requestDataset(runtime, state, request.getDataset());
  if (handler === undefined || request.getAffectedSopClassUid() !== SopClassUid.ModalityWorklistFind) {
    finish({ status: DimseStatus.SopClassNotSupported });
    return;
  }
  if (received.kind !== 'ok') {
    finish(refusedIdentifier(received.kind, runtime.limits.maxIdentifierBytes));
    return;
  }
  const identifier = received.dataset;

  const transferSyntax = host.transferSyntaxOf(request, TransferSyntaxUid.ImplicitVrLittleEndian);
  const responder = createResponder(host, request, operation, transferSyntax, () => finished);
  const ctx = state.contextFor(operation);

  void (async () => {
    let final: DimseFinalStatus;
    try {
      const result = await handler(ctx, identifier, responder);
      if (operation.cancelledByPeer) {
        final = { status: DimseStatus.Cancel };
      } else if (!isFinalFindStatus(result.status)) {
        runtime.logger.error(
          { assocId: state.assocId, status: result.status },
          'C-FIND handler returned a non-final status',
        );
        runtime.stats.handlerFailures++;
        final = { status: DimseStatus.UnableToProcess, errorComment: 'Unable to process' };
      } else {
        final = result;
      }
    } catch (error) {
      if (operation.cancelledByPeer) {
        final = { status: DimseStatus.Cancel };
      } else {
        if (!(error instanceof DimseCancelledError)) {
          runtime.stats.handlerFailures++;
          runtime.logger.error({ assocId: state.assocId, ...describeError(error) }, 'C-FIND handler failed');
        }
        final = { status: DimseStatus.UnableToProcess, errorComment: 'Unable to process' };
      }
    }
    finish(final);
  })();
}

/** What a C-FIND without a usable identifier is answered (never a partial parse). */
function refusedIdentifier(kind: 'none' | 'oversized' | 'malformed', maxBytes: number): DimseFinalStatus {
  if (kind === 'oversized') {
    return { status: DimseStatus.OutOfResources, errorComment: `Identifier larger than ${maxBytes} bytes` };
  }
  return {
    status: DimseStatus.IdentifierDoesNotMatchSopClass,
    errorComment: kind === 'none' ? 'No identifier' : 'Malformed identifier',
  };
}

function createResponder(
  host: OperationHost,
  request: LibCFindRequest,
  operation: Operation,
  transferSyntax: string,
  isFinished: () => boolean,
): FindResponder {
  const { runtime, socket } = host;
  const signal = operation.controller.signal;
  let sent = 0;

  async function waitForDrain(): Promise<void> {
    try {
      await once(socket, 'drain', { signal });
    } catch {
      // aborted: the check after the wait reports it
    }
  }

  return {
    get sent() {
      return sent;
    },
    async pending(dataset: DicomDataset, status: FindPendingStatus = DimseStatus.Pending) {
      if (signal.aborted || isFinished()) {
        throw signal.reason instanceof DimseCancelledError ? signal.reason : new DimseCancelledError();
      }
      if (!isPendingStatus(status)) throw new DimseUsageError('pending status must be 0xFF00 or 0xFF01');
      const bytes = runtime.encoder.encode(dataset, transferSyntax);
      // The responses of one burst (until the event loop turns) leave in one write, not one each.
      if (!socket.writableCorked) {
        socket.cork();
        process.nextTick(() => socket.uncork());
      }
      host.sendPending(request, status, bytes);
      sent++;
      runtime.stats.findResponses++;
      if (socket.writableNeedDrain) await waitForDrain();
      else if (sent % YIELD_EVERY === 0) await yieldToIo();
      if (signal.aborted)
        throw signal.reason instanceof DimseCancelledError ? signal.reason : new DimseCancelledError();
    },
  };
}
