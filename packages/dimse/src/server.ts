import net, { type AddressInfo, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import tls from 'node:tls';
import { acceptConnection, type Connection } from './connection.ts';
import { createDatasetDecoder } from './dataset-decoder.ts';
import { createDatasetEncoder } from './dataset-encoder.ts';
import { createDicomDictionary } from './dictionary.ts';
import { DimseConfigError, DimseListenError } from './errors.ts';
import { libraryLog, loadDcmjs } from './lib.ts';
import { describeError } from './log-safe.ts';
import { DIMSE_MAX_MESSAGE_BYTES, limitProblems, resolveLimits } from './limits.ts';
import { buildAssociationPolicy, normalizeAddress } from './negotiation.ts';
import { emptyStats, type ServerRuntime } from './runtime.ts';
import { SopClassUid } from './status.ts';
import type { DimseServer, DimseServerOptions } from './types.ts';

/** TCP connections beyond the association limit still get an A-ASSOCIATE-RJ; past this slack, Node drops them. */
const CONNECTION_SLACK = 32;

function validate(options: DimseServerOptions): void {
  const problems: string[] = [];
  if (options.aeTitles.length === 0) problems.push('aeTitles must name at least one AE title');
  if (!Number.isInteger(options.maxAssociations) || options.maxAssociations < 1) {
    problems.push('maxAssociations must be a positive integer');
  }
  if (
    !Number.isInteger(options.maxPduLength) ||
    options.maxPduLength < 4096 ||
    options.maxPduLength > 16 * 1024 * 1024
  ) {
    problems.push('maxPduLength must be an integer from 4096 to 16 MiB');
  }
  if (!(options.idleTimeoutMs > 0)) problems.push('idleTimeoutMs must be positive');
  if (options.maxMessageBytes !== undefined && !(options.maxMessageBytes >= options.maxPduLength)) {
    problems.push('maxMessageBytes must be at least maxPduLength');
  }
  problems.push(...limitProblems(resolveLimits(options.limits)));
  if (options.tls?.aeTitleBinding !== undefined && options.tls.ca === undefined) {
    problems.push('tls.aeTitleBinding needs tls.ca (client certificates)');
  }
  if (problems.length > 0) throw new DimseConfigError(`invalid DIMSE server options: ${problems.join('; ')}`);
}

/**
 * A DICOM SCP for Verification, Modality Worklist C-FIND (with C-CANCEL) and MPPS N-CREATE/N-SET,
 * built on dcmjs-dimse. We own the TCP/TLS server (so `host` is honoured) and hand each socket to
 * the library; see connection.ts for what happens at the socket boundary.
 */
export function createDimseServer(options: DimseServerOptions): DimseServer {
  validate(options);
  // Both libraries log through global loglevel loggers; dcmjs-dimse's is fully on and prints data
  // sets (patient data). We log what matters ourselves.
  libraryLog.setLevel('silent');
  (loadDcmjs().log as { setLevel?: (level: string) => void }).setLevel?.('silent');

  const { logger, handlers } = options;
  const supported = new Set<string>([SopClassUid.Verification]);
  if (handlers.onFind) supported.add(SopClassUid.ModalityWorklistFind);
  if (handlers.onNCreate && handlers.onNSet) supported.add(SopClassUid.ModalityPerformedProcedureStep);
  const dictionary = createDicomDictionary();
  const limits = resolveLimits(options.limits);
  const runtime: ServerRuntime = {
    logger,
    handlers,
    policy: buildAssociationPolicy({ ...options, certificateBinding: options.tls?.aeTitleBinding }),
    supportedAbstractSyntaxes: supported,
    dictionary,
    encoder: createDatasetEncoder(dictionary),
    decoder: createDatasetDecoder(dictionary, limits),
    maxPduLength: options.maxPduLength,
    maxMessageBytes: options.maxMessageBytes ?? Math.max(DIMSE_MAX_MESSAGE_BYTES, options.maxPduLength),
    idleTimeoutMs: options.idleTimeoutMs,
    limits,
    stats: emptyStats(),
    draining: false,
    activeAssociations: 0,
  };
  const connections = new Set<Connection>();
  const perAddress = new Map<string, number>();
  let server: net.Server | undefined;

  const onSocket = (socket: Socket): void => {
    if (runtime.draining) {
      socket.destroy();
      return;
    }
    const address = normalizeAddress(socket.remoteAddress ?? '');
    const open = perAddress.get(address) ?? 0;
    if (open >= limits.maxAssociationsPerAddress) {
      runtime.stats.connectionsRefusedPerAddress++;
      logger.warn({ remoteAddress: address, open }, 'connection refused: too many from this address');
      socket.destroy();
      return;
    }
    perAddress.set(address, open + 1);
    socket.on('error', () => undefined); // the library's listener reports errors; this keeps one in place
    connections.add(
      acceptConnection(socket, runtime, (connection) => {
        connections.delete(connection);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      }),
    );
  };

  return {
    async listen({ host, port }) {
      if (server) throw new DimseConfigError('listen() called twice');
      const tlsOptions = options.tls;
      const created: net.Server = tlsOptions
        ? tls.createServer(
            {
              key: tlsOptions.key,
              cert: tlsOptions.cert,
              ca: tlsOptions.ca,
              requestCert: tlsOptions.ca !== undefined,
              rejectUnauthorized: tlsOptions.ca !== undefined,
              minVersion: 'TLSv1.2',
              handshakeTimeout: limits.associationRequestTimeoutMs,
            },
            onSocket,
          )
        : net.createServer(onSocket);
      server = created;
      created.maxConnections = options.maxAssociations + CONNECTION_SLACK;
      created.on('tlsClientError', (error: unknown) => {
        logger.warn({ ...describeError(error) }, 'TLS handshake failed');
      });
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => {
          reject(new DimseListenError(`cannot listen on ${host}:${port}`, { cause: error }));
        };
        created.once('error', onError);
        created.listen({ host, port }, () => {
          created.off('error', onError);
          created.on('error', (error) => logger.error({ ...describeError(error) }, 'DICOM server error'));
          resolve();
        });
      });
      const address = created.address() as AddressInfo;
      logger.info(
        { host: address.address, port: address.port, tls: tlsOptions !== undefined },
        'DICOM server listening',
      );
      return { host: address.address, port: address.port };
    },

    async close({ deadlineMs = 5_000 } = {}) {
      runtime.draining = true;
      const current = server;
      const closed = current
        ? new Promise<void>((resolve) => current.close(() => resolve()))
        : Promise.resolve();
      for (const connection of connections) {
        connection.state.closeWhenIdle = true;
        if (!connection.state.busy) connection.abort('shutting down');
      }
      const deadline = new AbortController();
      await Promise.race([
        closed,
        delay(deadlineMs, undefined, { signal: deadline.signal }).catch(() => undefined),
      ]);
      deadline.abort();
      for (const connection of connections) connection.destroy();
      await closed;
      logger.info({}, 'DICOM server closed');
    },

    stats() {
      return { ...runtime.stats };
    },
  };
}
