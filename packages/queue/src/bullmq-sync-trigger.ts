import { Queue } from 'bullmq';
import { producerConnection } from './bullmq-defaults.ts';
import { addTriggerJob } from './bullmq-source-scheduler.ts';
import { DEFAULT_PREFIX } from './bullmq-transport.ts';
import { TransportClosedError } from './errors.ts';
import { fetchQueueName, UnknownScheduledSourceError, type SchedulerLogger } from './source-scheduler.ts';

export interface SyncTrigger {
  /** Asks the fetcher that runs `source` for one fetch now ("sync now"). */
  triggerNow(source: string): Promise<void>;
  close(): Promise<void>;
}

export interface BullmqSyncTriggerOptions {
  redisUrl: string;
  /** The deployment's Redis key prefix (the fetchers' `QUEUE_PREFIX`). Default `mwl`. */
  prefix?: string;
  /** Sources that may be triggered (the config's); any other name is refused. */
  sources: readonly string[];
  logger: SchedulerLogger;
}

/**
 * "Sync now" from a process that runs no fetcher (the api container): adds the same trigger job
 * to the source's fetch queue as the fetcher's own `triggerNow`, so whichever fetcher replica runs
 * the source performs one fetch, one at a time with its scheduled ticks. Queues open on first use.
 */
export function createBullmqSyncTrigger(options: BullmqSyncTriggerOptions): SyncTrigger {
  const known = new Set(options.sources);
  const queues = new Map<string, Queue>();
  let closing: Promise<void> | undefined;

  const queueOf = (source: string): Queue => {
    let queue = queues.get(source);
    if (!queue) {
      queue = new Queue(fetchQueueName(source), {
        connection: producerConnection(options.redisUrl),
        prefix: options.prefix ?? DEFAULT_PREFIX,
      });
      queue.on('error', (error) =>
        options.logger.error({ source, errName: error.name }, 'sync trigger connection error'),
      );
      queues.set(source, queue);
    }
    return queue;
  };

  return {
    async triggerNow(source) {
      if (closing) throw new TransportClosedError();
      if (!known.has(source)) throw new UnknownScheduledSourceError(source);
      await addTriggerJob(queueOf(source), source);
    },
    close() {
      closing ??= Promise.allSettled([...queues.values()].map((queue) => queue.close())).then(
        () => undefined,
      );
      return closing;
    },
  };
}
