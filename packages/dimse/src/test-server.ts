import { createDimseServer } from './server.ts';
import { createCaptureLogger, type CaptureLogger } from './testing/capture-logger.ts';
import type { DicomPeer } from './testing/dcmtk.ts';
import type { DimseServer, DimseServerOptions } from './types.ts';

export const OUR_AE = 'OURAE';

export interface RunningTestServer {
  server: DimseServer;
  logger: CaptureLogger;
  peer: (callingAeTitle?: string) => DicomPeer;
  host: string;
  port: number;
}

/** Integration-test support: a server on 127.0.0.1, port 0, with a capturing logger. */
export async function startTestServer(options: Partial<DimseServerOptions> = {}): Promise<RunningTestServer> {
  const logger = createCaptureLogger();
  const server = createDimseServer({
    logger,
    aeTitles: [OUR_AE],
    maxAssociations: 8,
    maxPduLength: 65536,
    idleTimeoutMs: 30_000,
    handlers: {},
    ...options,
  });
  const { host, port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    server,
    logger,
    host,
    port,
    peer: (callingAeTitle = 'MODALITY') => ({ host, port, calledAeTitle: OUR_AE, callingAeTitle }),
  };
}
