import type { Socket } from 'node:net';
import type { AssociationState } from './association-state.ts';
import { runFind } from './find-operation.ts';
import {
  Scp,
  type LibAssociation,
  type LibCCancelRequest,
  type LibCEchoRequest,
  type LibCEchoResponse,
  type LibCFindRequest,
  type LibCFindResponse,
  type LibDataset,
  type LibNCreateRequest,
  type LibNCreateResponse,
  type LibNSetRequest,
  type LibNSetResponse,
} from './lib.ts';
import { describeError } from './log-safe.ts';
import { encodedResponse, findPendingCommand, writeMessage } from './response-writer.ts';
import type { FindPendingStatus } from './types.ts';
import { ContextResult, decideAssociation, decidePresentationContexts } from './negotiation.ts';
import type { OperationHost } from './operation-host.ts';
import type { ServerRuntime } from './runtime.ts';
import { busyRefusal, type LibRequest, type LibResponse, type RefusableRequest } from './busy-refusal.ts';
import { clearLibraryMessageBuffer, skipNameMapCopy } from './library-patches.ts';
import { MAX_UNSENT_BYTES_FOR_REFUSAL } from './limits.ts';
import { runEcho, runNCreate, runNSet } from './simple-operations.ts';

/** How the association ends from our side; implemented by the connection that owns the socket. */
export interface AssociationControl {
  /** Graceful end after an A-ASSOCIATE-RJ or A-RELEASE-RP was queued. */
  endAfterReply(): void;
  /** A-ABORT (service provider) and close. */
  abort(reason: number, why: string): void;
  /** The peer aborted: close without answering. */
  peerAborted(): void;
  /** Association established or rejected: stop the request timer. */
  requestSeen(): void;
}

/** Options handed to dcmjs-dimse: its own timers are pushed out of the way, we run ours. */
const NEVER_MS = 2 ** 31 - 1;
export const LIBRARY_OPTIONS = {
  connectTimeout: NEVER_MS,
  associationTimeout: NEVER_MS,
  pduTimeout: NEVER_MS,
  logCommandDatasets: false,
  logDatasets: false,
};

/**
 * One association, as a dcmjs-dimse Scp. The library calls these methods from its event handlers;
 * each of them returns quickly, never throws, and leaves the real work to the operation runners.
 */
export class DimseAssociation extends Scp implements OperationHost {
  readonly runtime: ServerRuntime;
  readonly state: AssociationState;
  readonly socket: Socket;
  readonly #control: AssociationControl;

  constructor(socket: Socket, runtime: ServerRuntime, state: AssociationState, control: AssociationControl) {
    super(socket, LIBRARY_OPTIONS);
    skipNameMapCopy(this);
    this.socket = socket;
    this.runtime = runtime;
    this.state = state;
    this.#control = control;
  }

  get #association(): LibAssociation | undefined {
    return (this as unknown as { association?: LibAssociation }).association;
  }

  override associationRequested(association: LibAssociation): void {
    const { runtime, state } = this;
    this.#control.requestSeen();
    state.callingAeTitle = association.getCallingAeTitle();
    state.calledAeTitle = association.getCalledAeTitle();
    const peer = { assocId: state.assocId, callingAe: state.callingAeTitle, calledAe: state.calledAeTitle };
    const decision = decideAssociation(
      {
        calledAeTitle: state.calledAeTitle,
        callingAeTitle: state.callingAeTitle,
        remoteAddress: state.remoteAddress,
        activeAssociations: runtime.activeAssociations,
        draining: runtime.draining,
        peerMaxPduLength: association.getMaxPduLength(),
        ...(state.certificateNames && { certificateNames: state.certificateNames }),
      },
      runtime.policy,
    );
    if (!decision.accept) {
      runtime.stats.associationsRejected++;
      runtime.logger.info(
        { ...peer, remoteAddress: state.remoteAddress, why: decision.why },
        'association rejected',
      );
      state.phase = 'ending';
      this.sendAssociationReject(decision.result, decision.source, decision.reason);
      this.#control.endAfterReply();
      return;
    }
    const contexts = association.getPresentationContexts().map(({ context }) => context);
    const decisions = decidePresentationContexts(
      contexts.map((context) => ({
        id: context.getPresentationContextId(),
        abstractSyntaxUid: context.getAbstractSyntaxUid(),
        transferSyntaxUids: context.getTransferSyntaxUids(),
      })),
      runtime.supportedAbstractSyntaxes,
    );
    decisions.forEach((decision, i) => contexts[i]?.setResult(decision.result, decision.transferSyntaxUid));
    for (const decision of decisions) {
      if (decision.result === ContextResult.Acceptance) state.acceptedContexts.add(decision.id);
    }
    const proposedMax = association.getMaxPduLength();
    association.setMaxPduLength(
      proposedMax === 0 ? runtime.maxPduLength : Math.min(proposedMax, runtime.maxPduLength),
    );
    association.setMaxAsyncOpsInvoked(1);
    association.setMaxAsyncOpsPerformed(1);
    association.setNegotiateAsyncOps(false);
    state.phase = 'established';
    state.counted = true;
    runtime.activeAssociations++;
    runtime.stats.associationsAccepted++;
    runtime.stats.associationsActive = runtime.activeAssociations;
    const accepted = decisions.filter((d) => d.result === ContextResult.Acceptance).length;
    runtime.logger.info(
      { ...peer, remoteAddress: state.remoteAddress, contexts: decisions.length, accepted },
      'association accepted',
    );
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.state.abortAll('association released');
    this.state.phase = 'ending';
    this.sendAssociationReleaseResponse();
    this.#control.endAfterReply();
  }

  override abort(source: number, reason: number): void {
    this.runtime.logger.info({ assocId: this.state.assocId, source, reason }, 'association aborted by peer');
    this.#control.peerAborted();
  }

  override cEchoRequest(request: LibCEchoRequest, callback: (response: LibCEchoResponse) => void): void {
    const respond = this.#responder(request, callback);
    if (this.#refuseWhenBusy('C-ECHO', request, respond)) return;
    this.#guarded('C-ECHO', () => runEcho(this, request, respond));
  }

  override cFindRequest(request: LibCFindRequest, callback: (responses: LibCFindResponse[]) => void): void {
    const respond = this.#responder(request, (rsp: LibCFindResponse) => callback([rsp]));
    if (this.#refuseWhenBusy('C-FIND', request, respond)) return;
    this.#guarded('C-FIND', () => runFind(this, request, respond));
  }

  override nCreateRequest(
    request: LibNCreateRequest,
    callback: (response: LibNCreateResponse) => void,
  ): void {
    const respond = this.#responder(request, callback);
    if (this.#refuseWhenBusy('N-CREATE', request, respond)) return;
    this.#guarded('N-CREATE', () => runNCreate(this, request, respond));
  }

  override nSetRequest(request: LibNSetRequest, callback: (response: LibNSetResponse) => void): void {
    const respond = this.#responder(request, callback);
    if (this.#refuseWhenBusy('N-SET', request, respond)) return;
    this.#guarded('N-SET', () => runNSet(this, request, respond));
  }

  /**
   * One operation at a time (the asynchronous operations window is never negotiated above 1): a
   * request arriving while another runs is answered at once with a refusal, and its data set dropped.
   * A peer that does not even read those answers is aborted.
   */
  #refuseWhenBusy(
    what: RefusableRequest,
    request: LibRequest,
    callback: (rsp: LibResponse) => void,
  ): boolean {
    const { runtime, state } = this;
    if (!state.busy) return false;
    if (request.getDataset() !== undefined) state.receivedDatasets.shift();
    runtime.stats.requestsRefusedBusy++;
    if (this.socket.writableLength > MAX_UNSENT_BYTES_FOR_REFUSAL) {
      this.#control.abort(0, 'peer pipelines requests without reading the answers');
      return true;
    }
    runtime.logger.debug({ assocId: state.assocId, op: what }, 'request refused: another operation runs');
    if (state.phase === 'established')
      callback(busyRefusal(what, request, runtime.encoder, runtime.dictionary));
    return true;
  }

  /** dcmjs-dimse never empties its command buffer after a command without a data set; we do. */
  clearFinishedMessage(): void {
    clearLibraryMessageBuffer(this);
  }

  override cCancelRequest(request: LibCCancelRequest): void {
    const messageId = request.getMessageIdBeingRespondedTo();
    const matched = this.state.cancel(messageId);
    this.runtime.logger.debug({ assocId: this.state.assocId, messageId, matched }, 'C-CANCEL received');
  }

  /**
   * What the operations answer with: written by us when its parts are our encoder's bytes
   * (response-writer.ts), else handed to the library's callback, which writes it its way.
   */
  #responder<R extends LibResponse>(
    request: LibRequest,
    libraryCallback: (rsp: R) => void,
  ): (rsp: R) => void {
    return (response) => {
      let message: ReturnType<typeof encodedResponse>;
      try {
        message = encodedResponse(response);
        if (message !== undefined) writeMessage(this.socket, this.#association, request, message);
      } catch (error) {
        // The library would end the association too (its networkError): the peer must not wait.
        this.runtime.logger.error(
          { assocId: this.state.assocId, ...describeError(error) },
          'response not written',
        );
        this.#control.abort(0, 'response could not be written');
        return;
      }
      if (message === undefined) libraryCallback(response);
    };
  }

  /** The Pending command set last encoded: the same bytes for every match of one C-FIND. */
  #pending: { request: LibCFindRequest; status: FindPendingStatus; command: Buffer } | undefined;

  sendPending(request: LibCFindRequest, status: FindPendingStatus, dataset: Buffer): void {
    let pending = this.#pending;
    if (pending?.request !== request || pending.status !== status) {
      pending = { request, status, command: findPendingCommand(this.runtime.encoder, request, status) };
      this.#pending = pending;
    }
    writeMessage(this.socket, this.#association, request, { command: pending.command, dataset });
  }

  transferSyntaxOf(request: { getDataset(): LibDataset | undefined }, fallback: string): string {
    const context = this.#association?.getAcceptedPresentationContextFromRequest(
      request as Parameters<LibAssociation['getAcceptedPresentationContextFromRequest']>[0],
    );
    return (
      context?.getAcceptedTransferSyntaxUid() ?? request.getDataset()?.getTransferSyntaxUid() ?? fallback
    );
  }

  operationDone(): void {
    if (this.state.closeWhenIdle && !this.state.busy) this.#control.abort(0, 'shutting down');
  }

  /** A synchronous failure before the runner took over: abort rather than leave the peer waiting. */
  #guarded(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.runtime.logger.error(
        { assocId: this.state.assocId, op: what, ...describeError(error) },
        'DIMSE dispatch failed',
      );
      this.#control.abort(0, 'internal error');
    }
  }
}
