import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { producerConnection, workerConnection } from './bullmq-defaults.ts';
import { DEFAULT_PREFIX } from './bullmq-transport.ts';
import { describeError } from '@mwl/domain';
import { InvalidPayloadError, TransportClosedError } from './errors.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import { QUEUE_NAMES } from './queue-names.ts';
import {
  parseTargetedFetch,
  targetedFetchQueueName,
  type TargetedFetchHandler,
  type TargetedFetchQueue,
} from './targeted-fetch.ts';

export interface BullmqTargetedFetchOptions {
  redisUrl: string;
  /** Redis key prefix of the deployment (no `:`). Default `mwl`. */
  prefix?: string;
  /** Encrypts the record ids at rest when set (as the transport's payloads). */
  encryptionKey?: Buffer | null;
  logger: { info(fields: object, message: string): void; error(fields: object, message: string): void };
  /** Requests fetched at once per source by this consumer (default 1). */
  concurrency?: number;
  /** Attempts per request (default 3), exponential backoff from `backoffDelayMs` (default 1000). */
  attempts?: number;
  backoffDelayMs?: number;
}

/**
 * Targeted fetches over BullMQ: one queue per source (`mwl-targeted-fetch-<source>`), so a request
 * reaches a fetcher replica that runs its source. A few attempts only: the periodic sync catches
 * what fails.
 */
export function createBullmqTargetedFetchQueue(options: BullmqTargetedFetchOptions): TargetedFetchQueue {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const codec = createPayloadCodec(options.encryptionKey ?? null);
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  let consuming = false;
  let closed = false;

  function producer(source: string): Queue {
    let queue = queues.get(source);
    if (!queue) {
      const name = targetedFetchQueueName(source);
      queue = new Queue(name, { connection: producerConnection(options.redisUrl), prefix });
      queue.on('error', (error) =>
        options.logger.error({ queue: name, err: describeError(error) }, 'queue error'),
      );
      queues.set(source, queue);
    }
    return queue;
  }

  function consumer(handler: TargetedFetchHandler, name: string): Worker {
    const worker = new Worker(
      name,
      async (job: Job) => {
        let payload;
        try {
          payload = parseTargetedFetch(
            codec.decode({ queue: QUEUE_NAMES.targetedFetch, jobId: job.id ?? '' }, job.data),
          );
        } catch (error) {
          // An unreadable request fails at once: no retry storm.
          if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
          throw error;
        }
        return handler(payload, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
      },
      { connection: workerConnection(options.redisUrl), prefix, concurrency: options.concurrency ?? 1 },
    );
    worker.on('error', (error) =>
      options.logger.error({ queue: name, err: describeError(error) }, 'worker error'),
    );
    worker.on('failed', (job, error) =>
      options.logger.error(
        { queue: name, jobId: job?.id, err: describeError(error) },
        'targeted fetch failed',
      ),
    );
    return worker;
  }

  return {
    async request(payload) {
      if (closed) throw new TransportClosedError();
      const valid = parseTargetedFetch(payload);
      // The id is chosen here: the payload's encryption is bound to it.
      const jobId = `${valid.source}-${randomUUID()}`;
      const stored = codec.encode({ queue: QUEUE_NAMES.targetedFetch, jobId }, valid);
      await producer(valid.source).add(valid.source, stored, {
        jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: 'exponential', delay: options.backoffDelayMs ?? 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 24 * 3600, count: 1000 },
      });
    },
    async consume(handler, sources) {
      if (consuming) return;
      consuming = true;
      for (const source of sources) workers.push(consumer(handler, targetedFetchQueueName(source)));
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
