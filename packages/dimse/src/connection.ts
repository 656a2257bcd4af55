import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { DimseAssociation, type AssociationControl } from './association.ts';
import { AssociationState } from './association-state.ts';
import { C_FIND_RQ } from './command-set.ts';
import { describeError } from './log-safe.ts';
import { normalizeAddress } from './negotiation.ts';
import { abortPdu, AbortReason, PduFramer, PduProtocolError } from './pdu-framer.ts';
import type { ServerRuntime } from './runtime.ts';

/**
 * An association's id in the logs: eight hex digits, random so that the ids of several gateway
 * processes do not repeat each other. Not a secret, so not from the CSPRNG, which cost ~1% of the
 * gateway's CPU per association (bench:cfind).
 */
const associationId = (): string =>
  Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');

/** After an A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT, the peer gets this long to close first. */
const LINGER_MS = 2_000;

/** Subject CN and subject alternative names (DNS, URI) of a TLS peer's certificate. */
function certificateNames(socket: Socket): string[] | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const certificate = socket.getPeerCertificate();
  if (!certificate || Object.keys(certificate).length === 0) return undefined;
  const names: string[] = [];
  const cn = certificate.subject?.CN;
  if (typeof cn === 'string') names.push(cn);
  for (const entry of (certificate.subjectaltname ?? '').split(', ')) {
    const match = /^(?:DNS|URI):(.+)$/.exec(entry);
    if (match?.[1] !== undefined) names.push(match[1]);
  }
  return names;
}

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
 * the library's parser ends this association only. Deadlines are ours: the A-ASSOCIATE-RQ within
 * `associationRequestTimeoutMs` of connect, every PDU within `pduTimeoutMs` of its first byte, every
 * operation within `operationTimeoutMs`, and an association is idle (aborted after `idleTimeoutMs`)
 * only when nothing was sent or received and no operation is running.
 */
export function acceptConnection(
  socket: Socket,
  runtime: ServerRuntime,
  onClosed: (c: Connection) => void,
): Connection {
  const { logger, stats, limits } = runtime;
  const state = new AssociationState(associationId(), normalizeAddress(socket.remoteAddress ?? ''), {
    timeoutMs: limits.operationTimeoutMs,
    onTimeout: (operation) => deadline(`${operation.kind} operation deadline`),
  });
  state.certificateNames = certificateNames(socket);
  socket.setNoDelay(true);
  if (limits.tcpKeepAliveMs > 0) socket.setKeepAlive(true, limits.tcpKeepAliveMs);
  stats.connectionsOpen++;
  let requestTimer: NodeJS.Timeout | undefined;
  let pduTimer: NodeJS.Timeout | undefined;
  let lingerTimer: NodeJS.Timeout | undefined;
  let ended = false;

  const finishSoon = (): void => {
    ended = true;
    lingerTimer ??= setTimeout(() => socket.destroy(), LINGER_MS).unref();
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

  const deadline = (why: string): void => {
    if (ended || socket.destroyed) return;
    stats.deadlinesExceeded++;
    abort(AbortReason.NotSpecified, why);
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
    maxAssociationBytes: limits.maxAssociationBytes,
    maxCommandBytes: limits.maxCommandBytes,
    maxDatasetBytes: (commandField) =>
      commandField === C_FIND_RQ ? limits.maxIdentifierBytes : runtime.maxMessageBytes,
    isAcceptedContext: (id) => state.acceptedContexts.has(id),
  });
  socket.on('data', (chunk: Buffer) => {
    if (ended) return;
    try {
      framer.feed(chunk);
      let completed = 0;
      for (let pdu = framer.next(); pdu !== undefined; pdu = framer.next()) {
        completed++;
        state.receivedDatasets.push(...pdu.datasets);
        try {
          for (const bytes of pdu.forLibrary) {
            for (const listener of libraryOnData) listener.call(socket, bytes);
            scp.clearFinishedMessage();
            if (ended) return;
          }
        } finally {
          state.receivedDatasets.length = 0;
        }
      }
      if (framer.partialBytes === 0) {
        clearTimeout(pduTimer);
        pduTimer = undefined;
      } else if (pduTimer === undefined || completed > 0) {
        clearTimeout(pduTimer);
        pduTimer = setTimeout(() => deadline('PDU deadline'), limits.pduTimeoutMs);
        pduTimer.unref();
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
    deadline('idle timeout');
  });
  requestTimer = setTimeout(() => deadline('no association request'), limits.associationRequestTimeoutMs);
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
    clearTimeout(requestTimer);
    clearTimeout(pduTimer);
    // A peer that closed first (as it should) leaves no timer behind holding the association's
    // objects for LINGER_MS.
    clearTimeout(lingerTimer);
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
