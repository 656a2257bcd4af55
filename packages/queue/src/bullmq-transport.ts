import { once } from 'node:events';
import { FlowProducer, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import {
  DEFAULT_CONCURRENCY,
  defaultJobOptions,
  producerConnection,
  workerConnection,
  type WorkerTuning,
} from './bullmq-defaults.ts';
import { describeError } from '@mwl/domain';
import { isPermanentFailure, TransportClosedError } from './errors.ts';
import { createBullmqSnapshotParts, encodeBatchJob, withDeadline } from './bullmq-snapshot-parts.ts';
import { jobIdFor } from './job-ids.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import { JOB_KINDS, QUEUE_NAMES, type JobKind } from './queue-names.ts';
import { collectChildResults, runJob, type ChildReport } from './run-job.ts';
import { planSnapshot, type SnapshotInput } from './snapshot-plan.ts';
import { createSnapshotStream } from './snapshot-stream.ts';
import type {
  ChildResults,
  JobFinishedEvent,
  PublishedSnapshot,
  QueueHandlers,
  QueueLogger,
  QueueStats,
  QueueTransport,
} from './transport.ts';
import { parsePayload } from './validate-payload.ts';

export interface BullmqTransportOptions {
  redisUrl: string;
  /** Redis key prefix; one per deployment (tests use one per test). No `:`. Default `mwl`. */
  prefix?: string;
  /** 32-byte AES-256-GCM key: payloads are stored encrypted. */
  encryptionKey?: Buffer | null;
  /** A publish that Redis has not accepted within this time fails. Default 10 s. */
  publishTimeoutMs?: number;
  /** Entries (or rejections) per batch job. Default 1000 (see DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Items a streamed snapshot holds before it is queued in parts. Default: two batches. */
  holdItems?: number;
  /** How long a snapshot in parts waits for its fetcher to finish it. Default 6 hours. */
  snapshotGateMs?: number;
  attempts?: number;
  backoffDelayMs?: number;
  worker?: WorkerTuning;
  logger: QueueLogger;
  onJobFinished?: (event: JobFinishedEvent) => void;
}

/**
 * Entries per batch job. bench:writer once measured 2,500 faster than 1,000 (fewer round trips per
 * entry); since the per-job costs went (direct statements, packed batches) 2,500 and 5,000 cost the
 * same CPU per entry as 1,000. Tests count batches by it.
 */
export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_PREFIX = 'mwl';

const KIND_BY_QUEUE = new Map<string, JobKind>(JOB_KINDS.map((kind) => [QUEUE_NAMES[kind], kind]));

/** `<prefix>:<queue>:<id>` back to kind and id (ids and queue names never contain `:`). */
function parseJobKey(key: string): { kind: JobKind; jobId: string } | undefined {
  const parts = key.split(':');
  const jobId = parts.at(-1);
  const kind = KIND_BY_QUEUE.get(parts.at(-2) ?? '');
  return jobId && kind ? { kind, jobId } : undefined;
}

async function childResultsOf(job: Job): Promise<ChildResults> {
  const [values, failures] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
  const reports: ChildReport[] = [];
  for (const [key, value] of Object.entries(values)) {
    const id = parseJobKey(key);
    if (id) reports.push({ ...id, value });
  }
  for (const [key, failure] of Object.entries(failures)) {
    const id = parseJobKey(key);
    if (id) reports.push({ ...id, failure });
  }
  return collectChildResults(reports);
}

/** The production transport: BullMQ on Redis, snapshots as flows. */
export function createBullmqTransport(options: BullmqTransportOptions): QueueTransport {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  const codec = createPayloadCodec(options.encryptionKey);
  const { logger } = options;
  const jobOptions = defaultJobOptions(options.attempts, options.backoffDelayMs);
  const onError = (component: string) => (error: Error) =>
    logger.error({ component, err: describeError(error) }, 'queue connection error');

  const queues = Object.fromEntries(
    JOB_KINDS.map((kind) => {
      const queue = new Queue(QUEUE_NAMES[kind], {
        connection: producerConnection(options.redisUrl),
        prefix,
        defaultJobOptions: jobOptions,
      });
      queue.on('error', onError(`queue ${QUEUE_NAMES[kind]}`));
      return [kind, queue];
    }),
  ) as Record<JobKind, Queue>;
  const flows = new FlowProducer({ connection: producerConnection(options.redisUrl), prefix });
  flows.on('error', onError('flow producer'));
  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  redis.on('error', onError('stats connection'));
  const redisReady = async () => {
    if (redis.status !== 'ready') await once(redis, 'ready', { signal: AbortSignal.timeout(5_000) });
  };
  const snapshotParts = createBullmqSnapshotParts({
    queues,
    flows,
    codec,
    jobOptions,
    publishTimeoutMs,
    gateDelayMs: options.snapshotGateMs ?? 6 * 60 * 60 * 1000,
  });
  const workers: Worker[] = [];
  let closing: Promise<void> | undefined;

  function finished(event: JobFinishedEvent): void {
    try {
      options.onJobFinished?.(event);
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'onJobFinished hook threw');
    }
  }

  function processorFor(kind: JobKind, handlers: QueueHandlers) {
    return async (job: Job): Promise<unknown> => {
      const started = performance.now();
      const jobId = job.id ?? '';
      const ctx = { kind, jobId, attempt: job.attemptsMade + 1 };
      try {
        const result = await runJob(kind, job.data, ctx, handlers, codec, () => childResultsOf(job));
        finished({ kind, outcome: 'completed', durationMs: performance.now() - started });
        return result;
      } catch (error) {
        const { code, message } = describeError(error);
        const permanent = isPermanentFailure(error);
        const retrying = !permanent && ctx.attempt < (job.opts.attempts ?? 1);
        const outcome = retrying ? 'retrying' : 'failed';
        finished({ kind, outcome, durationMs: performance.now() - started, errorCode: code });
        logger.warn({ queue: QUEUE_NAMES[kind], jobId, attempt: ctx.attempt, code, outcome }, 'job failed');
        // What BullMQ stores (unencrypted) as the failed reason: our code and our own bounded
        // message; of a foreign error only its class (its message may quote a value).
        const reason = `${code}: ${message}`;
        if (permanent) throw new UnrecoverableError(reason);
        throw new Error(reason, { cause: error });
      }
    };
  }

  function assertOpen(): void {
    if (closing) throw new TransportClosedError();
  }

  async function publishWhole(snapshot: SnapshotInput): Promise<PublishedSnapshot> {
    assertOpen();
    const plan = planSnapshot(snapshot, batchSize);
    const childOpts = { ...jobOptions, ignoreDependencyOnFailure: true };
    const children = [...plan.entryBatches, ...plan.rejectionBatches].map((job) => ({
      name: job.kind,
      queueName: QUEUE_NAMES[job.kind],
      data: encodeBatchJob(codec, job),
      opts: { ...childOpts, jobId: job.jobId },
    }));
    const adding = flows.add({
      name: 'reconcile',
      queueName: QUEUE_NAMES.reconcile,
      data: codec.encode(
        { queue: QUEUE_NAMES.reconcile, jobId: plan.reconcile.jobId },
        plan.reconcile.payload,
      ),
      opts: { ...jobOptions, jobId: plan.reconcile.jobId },
      children,
    });
    await withDeadline(adding, publishTimeoutMs, `publish snapshot ${snapshot.snapshotId}`);
    return {
      snapshotId: snapshot.snapshotId,
      reconcileJobId: plan.reconcile.jobId,
      entryBatches: plan.entryBatches.length,
      rejectionBatches: plan.rejectionBatches.length,
      duplicateEntries: plan.duplicateEntries,
    };
  }

  return {
    publishSnapshot(snapshot) {
      assertOpen();
      return publishWhole(snapshot);
    },

    openSnapshot(header) {
      assertOpen();
      return createSnapshotStream(header, {
        batchSize,
        holdItems: options.holdItems ?? 2 * batchSize,
        publishWhole,
        parts: snapshotParts,
      });
    },

    async publishSyncFailure(report) {
      assertOpen();
      const payload = parsePayload('syncFailures', report);
      const jobId = jobIdFor('syncFailures', payload.snapshotId);
      const adding = queues.syncFailures.add(
        'sync-failure',
        codec.encode({ queue: QUEUE_NAMES.syncFailures, jobId }, payload),
        { jobId },
      );
      await withDeadline(adding, publishTimeoutMs, `publish sync failure ${payload.snapshotId}`);
    },

    async consume(handlers) {
      assertOpen();
      if (workers.length > 0) throw new Error('consume() was already called on this transport');
      const tuning = options.worker ?? {};
      for (const kind of JOB_KINDS) {
        const worker = new Worker(QUEUE_NAMES[kind], processorFor(kind, handlers), {
          connection: workerConnection(options.redisUrl),
          prefix,
          concurrency: tuning.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind],
          lockDuration: tuning.lockDurationMs ?? 30_000,
          stalledInterval: tuning.stalledIntervalMs ?? 30_000,
          maxStalledCount: tuning.maxStalledCount ?? 2,
        });
        worker.on('error', onError(`worker ${QUEUE_NAMES[kind]}`));
        worker.on('stalled', (jobId) => logger.warn({ queue: QUEUE_NAMES[kind], jobId }, 'job stalled'));
        workers.push(worker);
      }
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },

    async ping() {
      await redisReady();
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer`);
    },

    async stats() {
      await redisReady();
      return Promise.all(
        JOB_KINDS.map(async (kind): Promise<QueueStats> => {
          const queue = queues[kind];
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
          // BullMQ pushes new jobs on the left of `wait` and takes from the right: the oldest is last.
          const base = `${prefix}:${QUEUE_NAMES[kind]}`;
          const oldestId = await redis.lindex(`${base}:wait`, -1);
          const timestamp = oldestId ? await redis.hget(`${base}:${oldestId}`, 'timestamp') : null;
          return {
            kind,
            queue: QUEUE_NAMES[kind],
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            oldestWaitingMs: timestamp ? Math.max(0, Date.now() - Number(timestamp)) : 0,
          };
        }),
      );
    },

    close() {
      // Ordered: workers finish the jobs in hand, then producers and queues, then the last connection.
      closing ??= (async () => {
        await Promise.allSettled(workers.map((worker) => worker.close()));
        await Promise.allSettled([flows.close(), ...Object.values(queues).map((queue) => queue.close())]);
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}
