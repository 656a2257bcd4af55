import {
  createInProcessSourceScheduler,
  createInProcessTransport,
  type JobFinishedEvent,
  type QueueLogger,
  type QueueTransport,
  type SourceScheduler,
  type SourceSchedulerOptions,
} from '@mwl/queue';

export interface QueueRuntime {
  kind: 'redis' | 'in-process';
  /** Carries snapshots from the fetchers to the writer. */
  transport: QueueTransport;
  /** Ticks the sources: across replicas through Redis, or with timers in this process. */
  createScheduler(options: SourceSchedulerOptions): SourceScheduler;
}

export interface QueueRuntimeOptions {
  /** Absent: everything in this process (jobs not yet run are lost when it stops). */
  redisUrl?: string;
  prefix: string;
  encryptionKey: Buffer | null;
  /** Entry batches the writer stores at once. */
  writerConcurrency: number;
  /** BullMQ: a job whose worker stops renewing its lock this long is taken over. */
  writerLockDurationMs?: number;
  /** BullMQ: how often stalled jobs are looked for. */
  writerStalledIntervalMs?: number;
  /** BullMQ: a source tick whose replica stops renewing its lock this long may be taken over. */
  schedulerLockDurationMs?: number;
  logger: QueueLogger;
  onJobFinished?: (event: JobFinishedEvent) => void;
}

/**
 * BullMQ on Redis when `redisUrl` is given, else the in-process transport and scheduler. BullMQ and
 * ioredis are loaded only in the first case (tens of MB resident that an embedded `start` never
 * needs).
 */
export async function createQueueRuntime(options: QueueRuntimeOptions): Promise<QueueRuntime> {
  const { logger, encryptionKey } = options;
  const concurrency = { entries: options.writerConcurrency };
  const hook = options.onJobFinished ? { onJobFinished: options.onJobFinished } : {};
  const redisUrl = options.redisUrl;
  if (redisUrl === undefined) {
    return {
      kind: 'in-process',
      transport: createInProcessTransport({ logger, encryptionKey, concurrency, ...hook }),
      createScheduler: (scheduler) => createInProcessSourceScheduler(scheduler),
    };
  }
  const { createBullmqSourceScheduler, createBullmqTransport } = await import('@mwl/queue/bullmq');
  return {
    kind: 'redis',
    transport: createBullmqTransport({
      redisUrl,
      prefix: options.prefix,
      encryptionKey,
      logger,
      worker: {
        concurrency,
        ...(options.writerLockDurationMs !== undefined && { lockDurationMs: options.writerLockDurationMs }),
        ...(options.writerStalledIntervalMs !== undefined && {
          stalledIntervalMs: options.writerStalledIntervalMs,
        }),
      },
      ...hook,
    }),
    createScheduler: (scheduler) =>
      createBullmqSourceScheduler({
        ...scheduler,
        redisUrl,
        prefix: options.prefix,
        ...(options.schedulerLockDurationMs !== undefined && {
          lockDurationMs: options.schedulerLockDurationMs,
        }),
      }),
  };
}
