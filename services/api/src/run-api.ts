import { queueEncryptionKeyOf, readSecretFile } from '@mwl/config';
import {
  createQueueRuntime,
  databaseResource,
  prepareRole,
  startProcess,
  type ProcessIo,
} from '@mwl/runtime';
import { apiOptionsOf, apiSourcesOf, resolveRedcapHooks } from './api-config.ts';
import { buildApiApp } from './app.ts';
import { apiEnvSchema } from './env.ts';

/**
 * The api as its own process (PostgreSQL + Redis): REST, OpenAPI, DICOMweb search and the REDCap
 * Data Entry Trigger on `api.host`/`api.port`. Resolves with the exit code. "Sync now" and the
 * Data Entry Trigger reach the fetcher containers through Redis: a trigger job on the source's
 * fetch queue, a targeted fetch on its targeted-fetch queue.
 */
export async function runApi(io: ProcessIo, options: { configPath?: string } = {}): Promise<number> {
  const role = await prepareRole(io, { service: 'api', envSchema: apiEnvSchema, ...options });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;
  const redcapHooks = resolveRedcapHooks(config, io.env, readSecretFile);
  const database = databaseResource({
    databaseUrl: env.DATABASE_URL,
    applicationName: 'mwl-api',
    poolSize: 5,
    logger,
  });
  const encryptionKey = queueEncryptionKeyOf(env);
  const queue = await createQueueRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey,
    writerConcurrency: 1,
    logger,
  });
  // Loaded here, not imported at the top: the bundle would otherwise load bullmq in every command
  // that shares this module's chunk, `start` without Redis included.
  const { createBullmqSyncTrigger, createBullmqTargetedFetchQueue } = await import('@mwl/queue/bullmq');
  const targeted = createBullmqTargetedFetchQueue({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey,
    logger,
  });
  const syncTrigger = createBullmqSyncTrigger({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    sources: config.data_sources.filter((s) => s.enabled).map((s) => s.name),
    logger,
  });
  const api = await buildApiApp({
    prisma: database.prisma,
    logger,
    metrics,
    publishSnapshot: (snapshot) => queue.transport.publishSnapshot(snapshot),
    requestTargetedFetch: (source, recordIds) =>
      targeted.request({ source, recordIds: [...recordIds], requestedAt: new Date().toISOString() }),
    triggerSync: (source) => syncTrigger.triggerNow(source),
    sources: apiSourcesOf(config),
    redcapHooks,
    checks: { database: database.check, queue: () => queue.transport.ping() },
    options: {
      ...apiOptionsOf(config),
      ...(env.API_HOST !== undefined && { host: env.API_HOST }),
      ...(env.API_PORT !== undefined && { port: env.API_PORT }),
    },
  });
  let address: { host: string; port: number } | undefined;
  const running = await startProcess({
    io,
    logger,
    registry: metrics.registry,
    health: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [{ name: 'api', start: async () => (address = await api.listen()), stop: () => api.close() }],
    resources: [
      { name: 'targeted fetches', run: () => targeted.close() },
      { name: 'sync triggers', run: () => syncTrigger.close() },
      { name: 'queue', run: () => queue.transport.close() },
      database.close,
    ],
    checks: { database: database.check, queue: () => queue.transport.ping() },
  });
  logger.info({ health: running.health, api: address }, 'api started');
  return running.exited;
}
