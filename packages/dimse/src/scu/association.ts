import { ScuAssociationRejectedError, ScuConnectionError } from '../errors.ts';
import { Client, libraryLog, loadDcmjs } from '../lib.ts';
import { skipNameMapCopy } from '../library-patches.ts';
import type { ScuOptions, ScuPeer } from './types.ts';

type LibClient = InstanceType<typeof Client>;
export type LibRequest = Parameters<LibClient['addRequest']>[0];

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_ASSOCIATION_TIMEOUT_MS = 60_000;
const DEFAULT_PDU_TIMEOUT_MS = 30_000;
/** dcmjs-dimse checks its own timeouts once a second; this is the net under them. */
const SAFETY_MARGIN_MS = 5_000;

/** Both libraries log through global loggers; dcmjs-dimse's prints data sets (patient data). */
function silenceLibraryLogs(): void {
  libraryLog.setLevel('silent');
  (loadDcmjs().log as { setLevel?: (level: string) => void }).setLevel?.('silent');
}

/**
 * dcmjs-dimse's Client connects without TCP_NODELAY. A DIMSE request is written as a command PDV and
 * a data set PDV; with Nagle's algorithm the second waits for the peer's delayed ACK (40 ms on
 * Linux), so every N-CREATE/N-SET/C-FIND cost ~50 ms of idle time (bench:mpps). The name map copy
 * is skipped as on the server (library-patches.ts). The connection is created synchronously by
 * `send`; its fields are not in the library's types, hence the guards.
 */
function tuneConnection(client: LibClient): void {
  const network = (client as unknown as { network?: { socket?: { setNoDelay?: (on: boolean) => void } } })
    .network;
  network?.socket?.setNoDelay?.(true);
  if (network) skipNameMapCopy(network);
}

export interface RunningAssociation {
  client: LibClient;
  /** Resolves when the association was released and the connection closed; rejects when it failed. */
  finished: Promise<void>;
}

/**
 * Opens one association with `requests` queued (dcmjs-dimse proposes a presentation context per
 * request's SOP class), sends them in order, releases, and settles when the connection closes.
 * A rejection becomes `ScuAssociationRejectedError`; a refused or lost connection or a timeout,
 * `ScuConnectionError`. Whether each request got its final response is for the caller to check.
 */
export function openAssociation(
  peer: ScuPeer,
  requests: readonly LibRequest[],
  options: ScuOptions = {},
): RunningAssociation {
  silenceLibraryLogs();
  const client = new Client();
  for (const request of requests) client.addRequest(request);
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const associationTimeout = options.associationTimeoutMs ?? DEFAULT_ASSOCIATION_TIMEOUT_MS;
  const finished = new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    const safety = setTimeout(
      () => {
        failure ??= new ScuConnectionError(`no answer from ${peer.host}:${peer.port} in time`);
        try {
          client.abort();
        } catch {
          // Not connected yet: nothing to abort.
        }
        reject(failure);
      },
      connectTimeout + associationTimeout + SAFETY_MARGIN_MS,
    );
    client.on('associationRejected', (rejection: { result: number; source: number; reason: number }) => {
      failure ??= new ScuAssociationRejectedError(rejection);
    });
    client.on('networkError', (error: Error) => {
      // dcmjs-dimse prefixes its messages with an association id and an arrow.
      const reason = error.message.replace(/^.*-> /, '');
      failure ??= new ScuConnectionError(`${peer.host}:${peer.port}: ${reason}`, { cause: error });
    });
    client.on('closed', () => {
      clearTimeout(safety);
      if (failure) reject(failure);
      else resolve();
    });
    const tls = options.tls;
    client.send(peer.host, peer.port, peer.callingAeTitle, peer.calledAeTitle, {
      connectTimeout,
      associationTimeout,
      pduTimeout: options.pduTimeoutMs ?? DEFAULT_PDU_TIMEOUT_MS,
      associationLingerTimeout: 0,
      logCommandDatasets: false,
      logDatasets: false,
      ...(tls && {
        securityOptions: {
          ...(tls.ca !== undefined && { ca: tls.ca }),
          ...(tls.cert !== undefined && { cert: tls.cert }),
          ...(tls.key !== undefined && { key: tls.key }),
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
        },
      }),
    });
    tuneConnection(client);
  });
  return { client, finished };
}
