import type { Socket } from 'node:net';
import type { AssociationState } from './association-state.ts';
import type { LibCFindRequest, LibCFindResponse, LibDataset } from './lib.ts';
import type { ServerRuntime } from './runtime.ts';

/** What an operation needs from its association. */
export interface OperationHost {
  readonly runtime: ServerRuntime;
  readonly state: AssociationState;
  readonly socket: Socket;
  /** Sends a pending C-FIND response on the request's presentation context. */
  sendPending(request: LibCFindRequest, response: LibCFindResponse): void;
  /** Transfer syntax accepted for the presentation context a request came on. */
  transferSyntaxOf(request: { getDataset(): LibDataset | undefined }, fallback: string): string;
  /** Called when an operation has answered; ends the association when shutting down and idle. */
  operationDone(): void;
}
