import type { Socket } from 'node:net';
import type { AssociationState } from './association-state.ts';
import type { LibCFindRequest, LibDataset } from './lib.ts';
import type { ServerRuntime } from './runtime.ts';
import type { FindPendingStatus } from './types.ts';

/** What an operation needs from its association. */
export interface OperationHost {
  readonly runtime: ServerRuntime;
  readonly state: AssociationState;
  readonly socket: Socket;
  /** Sends a pending C-FIND response with its (encoded) identifier on the request's context. */
  sendPending(request: LibCFindRequest, status: FindPendingStatus, dataset: Buffer): void;
  /** Transfer syntax accepted for the presentation context a request came on. */
  transferSyntaxOf(request: { getDataset(): LibDataset | undefined }, fallback: string): string;
  /** Called when an operation has answered; ends the association when shutting down and idle. */
  operationDone(): void;
}
