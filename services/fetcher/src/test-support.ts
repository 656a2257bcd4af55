import { parseConfig, type MwlBridgeConfig } from '@mwl/config';
import type { PrismaClient, SyncRun } from '@mwl/db';
import { createLogger } from '@mwl/observability';
import type { QueueTransport } from '@mwl/queue';
import { createBullmqSourceScheduler, createBullmqTransport } from '@mwl/queue/bullmq';
import { calpendoPlugin, createSourceRegistry, createUndiciHttpClient, redcapPlugin } from '@mwl/sources';
import { deleteQueueKeys, redcapSourceFixture, testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
// Tests only: the end-to-end tests run the real writer's handlers on their own queue connections.
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { createFetcher, type Fetcher } from './fetcher.ts';
import type { FetcherMetrics } from './fetcher-metrics.ts';
import { createSourceProgressReader } from './source-progress.ts';

/**
 * Test helpers of the fetcher's end-to-end tests (not exported): fake REDCap → fetcher → BullMQ →
 * writer → Postgres, each test on its own database and queue prefix, on the real clock (the
 * writer compares snapshot start times with the database's clock).
 */

export const silentLogger = createLogger({ service: 'fetcher-test', level: 'silent' });
/** Fast retries and deadlines for the fake server. */
export const FAST_REQUESTS = { timeout_ms: 800, retries: 2, backoff_ms: 20, max_backoff_ms: 50 };
/** Fixture projects schedule in March 2026: a schedule window that reaches it from the real now. */
export const WIDE_WINDOW = { lookback_days: 366, horizon_days: 366 };

export interface SourceInput {
  name: string;
  type?: string;
  sync_interval?: number;
  config?: Record<string, unknown>;
  field_mapping?: Record<string, unknown>;
  operation_interval?: unknown;
  /** Fetch settings (keys of the data_sources entry the config schema does not know yet). */
  fetch?: Record<string, unknown>;
}

/** A parsed config (through @mwl/config, as main.ts reads one) plus the fetch settings. */
export function configWith(sources: SourceInput[], raw: Record<string, unknown> = {}): MwlBridgeConfig {
  const file = {
    timezone: 'America/Edmonton',
    data_sources: sources.map(({ fetch: _fetch, ...source }) => ({
      type: 'redcap',
      sync_interval: 3600,
      ...source,
    })),
    ...raw,
  };
  return withFetchSettings(parsed(file), sources);
}

export function parsed(file: unknown): MwlBridgeConfig {
  const result = parseConfig(file, { defaults: { timezone: 'America/Edmonton' } });
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

export function withFetchSettings(
  config: MwlBridgeConfig,
  sources: { name: string; fetch?: Record<string, unknown> }[],
): MwlBridgeConfig {
  for (const source of config.data_sources) {
    Object.assign(source, WIDE_WINDOW, sources.find((s) => s.name === source.name)?.fetch ?? {});
  }
  return config;
}

export interface RunningFetcher {
  fetcher: Fetcher;
  /** The fetcher's clock: its runs' start times are read from it. */
  clock: () => Date;
  transport: QueueTransport;
  stop(): Promise<void>;
}

export interface Harness {
  prefix: string;
  startFetcher(
    config: MwlBridgeConfig,
    env: Record<string, string>,
    /** `clock`: the fetcher's clock (plugins' and ticks'); default the real one. */
    options?: { names?: string[]; clock?: () => Date; metrics?: FetcherMetrics },
  ): Promise<RunningFetcher>;
  close(): Promise<void>;
}

/** A writer consuming a fresh queue prefix into `prisma`'s database; fetchers started on it. */
export async function harness(prisma: PrismaClient): Promise<Harness> {
  const prefix = uniqueQueuePrefix('fetcher');
  const redisUrl = testRedisUrl();
  const writer = createBullmqTransport({ redisUrl, prefix, logger: silentLogger, backoffDelayMs: 50 });
  await writer.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY }));
  const running = new Set<RunningFetcher>();

  return {
    prefix,
    async startFetcher(config, env, options = {}) {
      const transport = createBullmqTransport({ redisUrl, prefix, logger: silentLogger });
      const http = createUndiciHttpClient({ connectTimeoutMs: 1_000 });
      const fetcher = createFetcher({
        config,
        ...(options.names ? { sourceNames: options.names } : {}),
        registry: createSourceRegistry({ plugins: [redcapPlugin, calpendoPlugin] }),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.metrics ? { metrics: options.metrics } : {}),
        http,
        env,
        transport,
        readProgress: createSourceProgressReader(prisma),
        createScheduler: (schedulerOptions) =>
          createBullmqSourceScheduler({ ...schedulerOptions, redisUrl, prefix }),
        logger: silentLogger,
        startupCheckTimeoutMs: 5_000,
      });
      let stopped: Promise<void> | undefined;
      const handle: RunningFetcher = {
        fetcher,
        clock: options.clock ?? (() => new Date()),
        transport,
        stop: () =>
          (stopped ??= (async () => {
            running.delete(handle);
            await fetcher.close();
            await transport.close();
            await http.close();
          })()),
      };
      running.add(handle);
      await fetcher.start();
      return handle;
    },
    async close() {
      await Promise.allSettled([...running].map((fetcher) => fetcher.stop()));
      await writer.close();
      await deleteQueueKeys(prefix);
    },
  };
}

/** The source's finished runs, oldest first. */
export async function finishedRuns(prisma: PrismaClient, source: string): Promise<SyncRun[]> {
  return prisma.syncRun.findMany({
    where: { source, outcome: { not: 'running' } },
    orderBy: { startedAt: 'asc' },
  });
}

/** Waits until the source has `count` finished runs, and returns them. */
export async function waitForRuns(
  prisma: PrismaClient,
  source: string,
  count: number,
  timeoutMs = 30_000,
): Promise<SyncRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await finishedRuns(prisma, source);
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) {
      throw new Error(`source ${source}: ${runs.length} of ${count} runs finished within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Triggers a tick of `source` and returns the run it recorded. */
export async function syncNow(
  prisma: PrismaClient,
  running: RunningFetcher,
  source: string,
): Promise<SyncRun> {
  // The run this trigger caused: the first to finish that started, on the fetcher's clock, after
  // it (a tick already under way when the trigger came is not it).
  const triggeredAt = running.clock().getTime();
  await running.fetcher.triggerNow(source);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = (await finishedRuns(prisma, source)).find((r) => r.startedAt.getTime() >= triggeredAt);
    if (run) return run;
    if (Date.now() > deadline) throw new Error(`source ${source}: no run started after the trigger finished`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The source's worklist rows in the columns a scanner sees, by key. */
export async function worklistRows(prisma: PrismaClient, source: string, options: { active?: boolean } = {}) {
  const rows = await prisma.worklistItem.findMany({
    where: { source, ...(options.active ? { cancelledAt: null } : {}) },
    orderBy: { sourceKey: 'asc' },
  });
  return rows.map((row) => ({
    sourceKey: row.sourceKey,
    patientName: row.patientName,
    patientId: row.patientId,
    patientBirthDate: row.patientBirthDate,
    patientSex: row.patientSex,
    patientWeightKg: row.patientWeightKg,
    modality: row.modality,
    scheduledStationAeTitle: row.scheduledStationAeTitle,
    requestedProcedureDescription: row.requestedProcedureDescription,
    studyDescription: row.studyDescription,
    spsDescription: row.spsDescription,
    protocolCode: [row.protocolCodeValue, row.protocolCodingScheme, row.protocolCodeMeaning],
    spsStartDate: row.spsStartDate,
    spsStartTime: row.spsStartTime,
    spsStartAt: row.spsStartAt.toISOString(),
    timezone: row.timezone,
    status: row.status,
    cancelled: row.cancelledAt !== null,
  }));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The repeating fixture project, mapped as Pylantir's legacy config means it (new form): Pylantir
 * sent no station AE title; the conversion names "ANY" (allowed_aet went to the gateway).
 */
export const REPEATING_NEW_FORM = redcapSourceFixture('repeating', {
  mapping: { scheduledStationAeTitle: { constant: 'ANY' } },
});

export { deleteQueueKeys } from '@mwl/testing';
