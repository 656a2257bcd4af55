import { DimseCancelledError } from './errors.ts';
import type { ReceivedDataset } from './message-assembler.ts';
import type { DimseContext } from './types.ts';

export type OperationKind = 'echo' | 'find' | 'n-create' | 'n-set';

export interface Operation {
  readonly messageId: number;
  readonly kind: OperationKind;
  readonly controller: AbortController;
  /** True once a C-CANCEL named this operation (the final status becomes Cancel). */
  cancelledByPeer: boolean;
  deadline: NodeJS.Timeout | undefined;
}

export type AssociationPhase = 'awaiting-request' | 'established' | 'ending' | 'closed';

/** Per-association bookkeeping: who is calling, what runs, and how to stop it. */
export class AssociationState {
  readonly assocId: string;
  readonly remoteAddress: string;
  callingAeTitle = '';
  calledAeTitle = '';
  phase: AssociationPhase = 'awaiting-request';
  /** Counted in the server's active associations (from A-ASSOCIATE-AC until the socket closes). */
  counted = false;
  /** Set at shutdown: abort the association as soon as no operation runs. */
  closeWhenIdle = false;
  /**
   * Raw bytes of the data sets completed by the PDU being handed to dcmjs-dimse right now. The
   * library parses and dispatches a request synchronously within that hand-over, so the operation
   * that starts takes its own data set from here (see connection.ts).
   */
  readonly receivedDatasets: ReceivedDataset[] = [];
  /** Presentation context IDs accepted in the A-ASSOCIATE-AC. */
  readonly acceptedContexts = new Set<number>();
  /** Names in the peer's TLS client certificate (subject CN, subject alternative names). */
  certificateNames: readonly string[] | undefined;
  readonly #operations = new Set<Operation>();
  readonly #idleListeners: (() => void)[] = [];
  readonly #operationTimeoutMs: number;
  readonly #onOperationTimeout: (operation: Operation) => void;

  constructor(
    assocId: string,
    remoteAddress: string,
    operationDeadline: { timeoutMs: number; onTimeout: (operation: Operation) => void } = {
      timeoutMs: 0,
      onTimeout: () => undefined,
    },
  ) {
    this.assocId = assocId;
    this.remoteAddress = remoteAddress;
    this.#operationTimeoutMs = operationDeadline.timeoutMs;
    this.#onOperationTimeout = operationDeadline.onTimeout;
  }

  get busy(): boolean {
    return this.#operations.size > 0;
  }

  begin(messageId: number, kind: OperationKind): Operation {
    const operation: Operation = {
      messageId,
      kind,
      controller: new AbortController(),
      cancelledByPeer: false,
      deadline: undefined,
    };
    if (this.#operationTimeoutMs > 0) {
      operation.deadline = setTimeout(() => this.#onOperationTimeout(operation), this.#operationTimeoutMs);
      operation.deadline.unref();
    }
    this.#operations.add(operation);
    return operation;
  }

  end(operation: Operation): void {
    clearTimeout(operation.deadline);
    if (!this.#operations.delete(operation) || this.#operations.size > 0) return;
    for (const listener of this.#idleListeners.splice(0)) listener();
  }

  /** Runs `listener` once when the last running operation ends (at once when none runs). */
  whenIdle(listener: () => void): void {
    if (this.#operations.size === 0) listener();
    else this.#idleListeners.push(listener);
  }

  /** C-CANCEL: marks and aborts the running C-FIND with this message ID; false when none matches. */
  cancel(messageId: number): boolean {
    for (const operation of this.#operations) {
      if (operation.messageId === messageId && operation.kind === 'find' && !operation.cancelledByPeer) {
        operation.cancelledByPeer = true;
        operation.controller.abort(new DimseCancelledError('C-FIND cancelled by the peer'));
        return true;
      }
    }
    return false;
  }

  /** Aborts every running operation (association released, aborted, closed or shut down). */
  abortAll(why: string): void {
    for (const operation of this.#operations) {
      clearTimeout(operation.deadline);
      if (!operation.controller.signal.aborted) operation.controller.abort(new DimseCancelledError(why));
    }
  }

  contextFor(operation: Operation): DimseContext {
    return {
      assocId: this.assocId,
      callingAeTitle: this.callingAeTitle,
      calledAeTitle: this.calledAeTitle,
      remoteAddress: this.remoteAddress,
      messageId: operation.messageId,
      signal: operation.controller.signal,
    };
  }
}
