// Integration-test support of the api: the real writer (in-process queue), the real gateway on
// port 0 and the api on real HTTP, over one test database. Imported only by *.int.test.ts files.
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import { startTestGateway, type RunningGateway } from '@mwl/gateway/testing';
import { createMetrics } from '@mwl/observability';
import { createInProcessTransport, type QueueTransport } from '@mwl/queue';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import { deleteQueueKeys, testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { buildApiApp, type ApiApp, type ApiDeps } from './app.ts';
import { issueToken } from './auth/credentials.ts';
import { captureLogger, TEST_SCRYPT } from './test-support.ts';

export interface ApiStack {
  prisma: PrismaClient;
  transport: QueueTransport;
  gateway: RunningGateway;
  api: ApiApp;
  baseUrl: string;
  logText(): string;
  /** A token of this role, created the way `mwl-bridge token create` does. */
  token(name: string, role: 'read' | 'write' | 'admin'): Promise<string>;
  close(): Promise<void>;
}

export type TransportKind = 'in-process' | 'bullmq';

export async function startApiStack(
  databaseUrl: string,
  overrides: Partial<ApiDeps> = {},
  kind: TransportKind = 'in-process',
): Promise<ApiStack> {
  const prisma = createPrismaClient({ databaseUrl, poolSize: 4 });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const prefix = uniqueQueuePrefix('api');
  const make = () =>
    kind === 'bullmq'
      ? createBullmqTransport({ redisUrl: testRedisUrl(), prefix, logger: quiet, backoffDelayMs: 50 })
      : createInProcessTransport({ logger: quiet, backoff: { delayMs: 50, jitter: 0.5 } });
  const transport = make();
  const writer = kind === 'bullmq' ? make() : transport;
  await writer.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY }));
  const gateway = await startTestGateway(databaseUrl);
  const { logger, text } = captureLogger();
  const api = await buildApiApp({
    prisma,
    logger,
    metrics: createMetrics(),
    publishSnapshot: (snapshot) => transport.publishSnapshot(snapshot),
    sources: [{ name: 'redcap_main', type: 'redcap', enabled: true, syncIntervalSeconds: 600 }],
    checks: { database: async () => void (await prisma.$queryRaw`SELECT 1`) },
    ...overrides,
    options: { port: 0, timezone: 'America/Edmonton', scrypt: TEST_SCRYPT, ...overrides.options },
  });
  const { port } = await api.listen();
  return {
    prisma,
    transport,
    gateway,
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    logText: text,
    token: async (name, role) => (await issueToken(prisma, { kind: 'cli', name: 'test' }, name, role)).token,
    async close() {
      await api.close();
      await gateway.close();
      await transport.close();
      if (writer !== transport) await writer.close();
      await prisma.$disconnect();
      if (kind === 'bullmq') await deleteQueueKeys(prefix);
    },
  };
}

/** A valid manual item body. */
export function manualItemBody(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    patientName: `MANUAL^PATIENT${n}`,
    patientId: `MAN${String(n).padStart(4, '0')}`,
    patientSex: 'F',
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    scheduledAt: '2026-03-10T09:30:00-06:00',
    spsDescription: 'Brain MRI',
    ...overrides,
  };
}
