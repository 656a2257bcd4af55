// The Data Entry Trigger end to end, for the integration test and `bench:det` (not for production):
// fake REDCap (firing its trigger) → api hook → targeted-fetch queue → fetcher (`fetchKeys`) →
// queue → writer → Postgres → gateway, all in this process on the in-process queue, with the
// periodic sync every `syncIntervalSeconds` (10 minutes: it cannot help).
import { parseConfig } from '@mwl/config';
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import { createFetcher, createSourceProgressReader, processTargetedFetch, type Fetcher } from '@mwl/fetcher';
import { startTestGateway, type RunningGateway } from '@mwl/gateway/testing';
import { createLogger, createMetrics } from '@mwl/observability';
import {
  createInProcessSourceScheduler,
  createInProcessTargetedFetchQueue,
  createInProcessTransport,
  type QueueTransport,
  type TargetedFetchQueue,
} from '@mwl/queue';
import { createSourceRegistry, createUndiciHttpClient, redcapPlugin, type HttpClient } from '@mwl/sources';
import { loadFakeRedcapFixture, startFakeRedcap, type FakeRedcap } from '@mwl/testing/fake-redcap';
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { buildApiApp, type ApiApp } from './app.ts';

export const DET_SOURCE = 'study';
export const DET_SECRET = 'det-secret-0123456789abcdef';
const TIMEZONE = 'America/Edmonton';

/** The classic fixture project's mapping (record id → patient id `REG-<record>`). */
const SOURCE = {
  name: DET_SOURCE,
  type: 'redcap',
  config: {
    selection: { date_field: 'scan_date', time_field: 'scan_time' },
    request: { timeout_ms: 2000, retries: 2, backoff_ms: 20, max_backoff_ms: 50 },
  },
  field_mapping: {
    patientName: { template: '{last_name}^{first_name}' },
    patientId: { template: 'REG-{record_id}' },
    modality: { constant: 'MR' },
    scheduledStationAeTitle: { field: 'scanner', map: { '1': 'PRISMA_3T', '2': 'SKYRA_3T' } },
  },
  lookback_days: 366,
  horizon_days: 366,
};

export interface DetStack {
  prisma: PrismaClient;
  fake: FakeRedcap;
  gateway: RunningGateway;
  api: ApiApp;
  fetcher: Fetcher;
  hookUrl: string;
  close(): Promise<void>;
}

export async function startDetStack(options: {
  databaseUrl: string;
  syncIntervalSeconds: number;
  detCoalesceMs?: number;
  logLevel?: 'silent' | 'info' | 'debug';
}): Promise<DetStack> {
  const logger = createLogger({ service: 'det-stack', level: options.logLevel ?? 'silent' });
  const prisma = createPrismaClient({ databaseUrl: options.databaseUrl, poolSize: 6 });
  const open: { close(): Promise<unknown> }[] = [];
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const transport: QueueTransport = createInProcessTransport({
    logger: quiet,
    backoff: { delayMs: 50, jitter: 0.5 },
  });
  await transport.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY }));
  const fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic'), timezone: TIMEZONE });
  const parsed = parseConfig(
    { timezone: TIMEZONE, data_sources: [{ ...SOURCE, sync_interval: options.syncIntervalSeconds }] },
    { defaults: { timezone: TIMEZONE } },
  );
  if (!parsed.ok) throw new Error(`det stack config: ${JSON.stringify(parsed.problems)}`);
  const http: HttpClient = createUndiciHttpClient({ connectTimeoutMs: 1_000 });
  const fetcher = createFetcher({
    config: parsed.config,
    registry: createSourceRegistry({ plugins: [redcapPlugin] }),
    http,
    env: { REDCAP_API_URL: fake.url, REDCAP_API_TOKEN: fake.token },
    transport,
    readProgress: createSourceProgressReader(prisma),
    createScheduler: (schedulerOptions) => createInProcessSourceScheduler(schedulerOptions),
    logger,
  });
  await fetcher.start();
  const targeted: TargetedFetchQueue = createInProcessTargetedFetchQueue({ logger, retryDelayMs: 200 });
  await targeted.consume(
    (job) =>
      processTargetedFetch(job, {
        sourceOf: (name) => fetcher.runtimeSource(name),
        transport,
        clock: () => new Date(),
        logger,
      }),
    [DET_SOURCE],
  );
  const gateway = await startTestGateway(options.databaseUrl);
  const api = await buildApiApp({
    prisma,
    logger,
    metrics: createMetrics(),
    publishSnapshot: (snapshot) => transport.publishSnapshot(snapshot),
    triggerSync: (source) => fetcher.triggerNow(source),
    requestTargetedFetch: (source, recordIds) =>
      targeted.request({ source, recordIds: [...recordIds], requestedAt: new Date().toISOString() }),
    sources: [
      { name: DET_SOURCE, type: 'redcap', enabled: true, syncIntervalSeconds: options.syncIntervalSeconds },
    ],
    redcapHooks: { [DET_SOURCE]: { secret: DET_SECRET, projectId: '101', allowedAddresses: ['127.0.0.1'] } },
    options: {
      port: 0,
      timezone: TIMEZONE,
      ...(options.detCoalesceMs !== undefined ? { detCoalesceMs: options.detCoalesceMs } : {}),
    },
  });
  const { port } = await api.listen();
  const hookUrl = `http://127.0.0.1:${port}/hooks/redcap/${DET_SOURCE}/${DET_SECRET}`;
  fake.setDataEntryTrigger(hookUrl);
  open.push(api, targeted, fetcher, gateway, transport, http, fake);
  return {
    prisma,
    fake,
    gateway,
    api,
    fetcher,
    hookUrl,
    async close() {
      for (const item of open) await item.close();
      await prisma.$disconnect();
    },
  };
}
