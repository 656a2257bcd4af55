import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { DimseAssociation, type AssociationControl } from './association.ts';
import { AssociationState } from './association-state.ts';
import { describeError } from './log-safe.ts';
import { normalizeAddress } from './negotiation.ts';
import { abortPdu, AbortReason, PduFramer, PduProtocolError } from './pdu-framer.ts';
import type { ServerRuntime } from './runtime.ts';

/** After an A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT, the peer gets this long to close first. */
const LINGER_MS = 2_000;

export interface Connection {
  readonly state: AssociationState;
  readonly socket: Socket;
  /** A-ABORT (when associated) and close. */
  abort(why: string): void;
  /** Close the socket at once. */
  destroy(): void;
}

/**
 * Takes one accepted socket: Nagle off, dcmjs-dimse attached, then the library's `data` and
 * `timeout` listeners are taken over so every byte passes the PDU framer first and a throw inside
 * the library's parser ends this association only. Idle time is ours to enforce: an association is
 * idle only when nothing was sent or received for `idleTimeoutMs` and no operation is running.
 */
export function acceptConnection(
  socket: Socket,
  runtime: ServerRuntime,
  onClosed: (c: Connection) => void,
): Connection {
  const { logger, stats } = runtime;
  const state = new AssociationState(
    randomBytes(4).toString('hex'),
    normalizeAddress(socket.remoteAddress ?? ''),
  );
  socket.setNoDelay(true);
  stats.connectionsOpen++;
  let requestTimer: NodeJS.Timeout | undefined;
  let ended = false;

  const finishSoon = (): void => {
    ended = true;
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };

  const abort = (reason: number, why: string): void => {
    if (ended || socket.destroyed) return;
    state.abortAll(why);
    if (state.phase !== 'closed') stats.associationsAborted++;
    logger.info({ assocId: state.assocId, reason, why }, 'aborting association');
    const wasAssociating = state.phase !== 'awaiting-request';
    state.phase = 'ending';
    if (wasAssociating || reason !== AbortReason.NotSpecified) socket.end(abortPdu(reason));
    else socket.end();
    finishSoon();
  };

  const control: AssociationControl = {
    endAfterReply() {
      if (ended) return;
      socket.end();
      finishSoon();
    },
    abort,
    peerAborted() {
      state.abortAll('association aborted by peer');
      stats.associationsAborted++;
      state.phase = 'ending';
      ended = true;
      socket.destroy();
    },
    requestSeen() {
      if (requestTimer) clearTimeout(requestTimer);
      requestTimer = undefined;
    },
  };

  const scp = new DimseAssociation(socket, runtime, state, control);
  const libraryOnData = socket.listeners('data') as ((chunk: Buffer) => void)[];
  socket.removeAllListeners('data');
  socket.removeAllListeners('timeout');

  const framer = new PduFramer({
    maxPduLength: runtime.maxPduLength,
    maxMessageBytes: runtime.maxMessageBytes,
  });
  socket.on('data', (chunk: Buffer) => {
    if (ended) return;
    try {
      for (const pdu of framer.push(chunk)) {
        state.receivedDatasets.push(...pdu.datasets);
        try {
          for (const listener of libraryOnData) listener.call(socket, pdu.bytes);
        } finally {
          state.receivedDatasets.length = 0;
        }
        if (ended) return;
      }
    } catch (error) {
      stats.protocolErrors++;
      if (error instanceof PduProtocolError) {
        logger.warn({ assocId: state.assocId, problem: error.message }, 'DICOM protocol violation');
        abort(error.abortReason, 'protocol violation');
      } else {
        logger.error({ assocId: state.assocId, ...describeError(error) }, 'DICOM parser failure');
        abort(AbortReason.NotSpecified, 'parser failure');
      }
    }
  });

  socket.setTimeout(runtime.idleTimeoutMs);
  socket.on('timeout', () => {
    if (state.busy) {
      socket.setTimeout(runtime.idleTimeoutMs);
      return;
    }
    abort(AbortReason.NotSpecified, 'idle timeout');
  });
  requestTimer = setTimeout(
    () => abort(AbortReason.NotSpecified, 'no association request'),
    runtime.requestTimeoutMs,
  );
  requestTimer.unref();

  scp.on('networkError', (error: unknown) => {
    logger.warn({ assocId: state.assocId, ...describeError(error) }, 'association network error');
    if (!ended) {
      ended = true;
      state.abortAll('network error');
      socket.destroy();
    }
  });

  const connection: Connection = {
    state,
    socket,
    abort: (why) => abort(AbortReason.NotSpecified, why),
    destroy: () => {
      ended = true;
      state.abortAll('server shutting down');
      socket.destroy();
    },
  };

  socket.once('close', () => {
    if (requestTimer) clearTimeout(requestTimer);
    state.abortAll('connection closed');
    if (state.counted) {
      state.counted = false;
      runtime.activeAssociations--;
    }
    state.phase = 'closed';
    stats.connectionsOpen--;
    stats.associationsActive = runtime.activeAssociations;
    onClosed(connection);
  });

  return connection;
}
