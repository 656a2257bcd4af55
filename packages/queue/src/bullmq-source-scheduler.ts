import { Queue, Worker, type Job } from 'bullmq';
import { producerConnection, workerConnection } from './bullmq-defaults.ts';
import { DEFAULT_PREFIX } from './bullmq-transport.ts';
import { describeError } from '@mwl/domain';
import { TransportClosedError } from './errors.ts';
import {
  fetchQueueName,
  isStaleTick,
  UnknownScheduledSourceError,
  validateSchedules,
  type SourceSchedule,
  type SourceScheduler,
  type SourceSchedulerOptions,
} from './source-scheduler.ts';

export interface BullmqSourceSchedulerOptions extends SourceSchedulerOptions {
  redisUrl: string;
  /** Redis key prefix shared by every replica of the deployment. No `:`. Default `mwl`. */
  prefix?: string;
  /**
   * A tick whose worker stops renewing its lock this long is taken as dead and may run elsewhere
   * (and is then dropped as stale when it waited a whole interval). Default 60 s.
   */
  lockDurationMs?: number;
  /** How often ticks of dead workers are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /**
   * How often each source's job scheduler is looked for in Redis, and re-created when it vanished
   * (a Redis restart without persistence, an eviction, a FLUSHDB). Default the source's interval,
   * at least 1 s.
   */
  schedulerCheckMs?: number;
}

const SCHEDULER_ID = 'tick';
const TRIGGER_JOB = 'trigger';
/** Finished tick jobs kept for inspection: only the source's name is in them. */
const KEEP = { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };
const LOST_LOCK = /^could not renew lock for job (.+)$/;

/**
 * Asks for one tick of `source` now, on its queue (`mwl-fetch-<source>`): whichever replica's
 * worker runs the source takes it, as a `manual` tick. Deduplicated while one is waiting.
 */
export async function addTriggerJob(queue: Queue, source: string): Promise<void> {
  await queue.add(
    TRIGGER_JOB,
    { source },
    { attempts: 1, ...KEEP, deduplication: { id: `${source}-trigger` } },
  );
}

/**
 * When a tick was due. A scheduler's job id ends in its slot (`repeat:tick:<ms>`); its `delay`
 * cannot tell, BullMQ zeroes it when the job leaves the delayed set. Other jobs: their creation.
 */
function scheduledTimeOf(job: Job): number {
  const slot = /^repeat:.*:(\d+)$/.exec(job.id ?? '')?.[1];
  return slot === undefined ? job.timestamp : Number(slot);
}

interface Scheduled {
  schedule: SourceSchedule;
  queue: Queue;
  worker?: Worker;
  watchTimer?: NodeJS.Timeout;
  checking?: Promise<void>;
}

const MIN_SCHEDULER_CHECK_MS = 1_000;

/**
 * One BullMQ queue per source (`mwl-fetch-<source>`) with a job scheduler ticking every interval
 * and a global concurrency of 1: however many replicas run a worker for the source, one tick of
 * it is active at a time. Every replica upserts the same scheduler, so the interval follows the
 * config of the last one started. A worker that loses a tick's lock aborts that tick's signal,
 * so a tick taken over by another replica does not keep fetching here. Each replica checks every
 * interval that its sources' schedulers still exist in Redis and re-creates a vanished one (with
 * its global concurrency): without that, lost keys would stop fetching for good, silently.
 */
export function createBullmqSourceScheduler(options: BullmqSourceSchedulerOptions): SourceScheduler {
  validateSchedules(options.sources);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const { logger } = options;
  const scheduled = new Map<string, Scheduled>();
  let started = false;
  let closing: Promise<void> | undefined;

  const onError = (source: string, component: string) => (error: Error) => {
    const lost = LOST_LOCK.exec(error.message);
    if (lost?.[1]) {
      logger.warn({ source, jobId: lost[1] }, 'lost the lock of a running tick: aborting it');
      scheduled.get(source)?.worker?.cancelJob(lost[1], 'lock lost');
      return;
    }
    logger.error({ source, component, err: describeError(error) }, 'scheduler connection error');
  };

  const processorFor = (schedule: SourceSchedule) => {
    // Three parameters: BullMQ then hands the processor an AbortSignal (cancelJob / cancelAllJobs).
    return async (job: Job, _token?: string, signal?: AbortSignal): Promise<{ outcome: string }> => {
      const scheduledAt = scheduledTimeOf(job);
      const trigger = job.name === TRIGGER_JOB ? 'manual' : 'schedule';
      if (trigger === 'schedule' && isStaleTick(scheduledAt, Date.now(), schedule.everyMs)) {
        logger.info(
          { source: schedule.name, jobId: job.id, lateMs: Date.now() - scheduledAt },
          'dropped a stale tick',
        );
        options.onSkip?.(schedule.name, 'stale');
        return { outcome: 'stale' };
      }
      const aborted = signal ?? new AbortController().signal;
      try {
        await options.onTick(schedule.name, aborted, { trigger, scheduledAt: new Date(scheduledAt) });
      } catch (error) {
        logger.error({ source: schedule.name, err: describeError(error) }, 'tick failed');
        throw error;
      }
      return { outcome: 'done' };
    };
  };

  /** The queue's global concurrency and job scheduler; both are idempotent, every replica sets them. */
  const ensureScheduler = async ({ schedule, queue }: Scheduled): Promise<void> => {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: schedule.everyMs },
      { name: SCHEDULER_ID, data: { source: schedule.name }, opts: { attempts: 1, ...KEEP } },
    );
  };

  const checkScheduler = async (entry: Scheduled): Promise<void> => {
    const source = entry.schedule.name;
    try {
      const [existing, concurrency] = await Promise.all([
        entry.queue.getJobScheduler(SCHEDULER_ID),
        entry.queue.getGlobalConcurrency(),
      ]);
      if (closing || (existing && concurrency === 1)) return;
      await ensureScheduler(entry);
      logger.warn(
        { source, prefix, scheduler: existing ? 'present' : 'missing', concurrency },
        existing
          ? "the global concurrency of a source's queue vanished from Redis: set it again"
          : 'the job scheduler of a source vanished from Redis: re-created it',
      );
    } catch (error) {
      if (!closing) logger.error({ source, err: describeError(error) }, 'could not check the job scheduler');
    }
  };

  const watch = (entry: Scheduled): void => {
    const everyMs = options.schedulerCheckMs ?? Math.max(entry.schedule.everyMs, MIN_SCHEDULER_CHECK_MS);
    entry.watchTimer = setTimeout(() => {
      entry.checking = checkScheduler(entry).finally(() => {
        entry.checking = undefined;
        if (!closing) watch(entry);
      });
    }, everyMs);
  };

  for (const schedule of options.sources) {
    const queue = new Queue(fetchQueueName(schedule.name), {
      connection: producerConnection(options.redisUrl),
      prefix,
    });
    queue.on('error', onError(schedule.name, 'queue'));
    scheduled.set(schedule.name, { schedule, queue });
  }

  return {
    async start() {
      if (closing) throw new TransportClosedError();
      if (started) return;
      started = true;
      for (const entry of scheduled.values()) {
        const { schedule } = entry;
        await ensureScheduler(entry);
        const worker = new Worker(fetchQueueName(schedule.name), processorFor(schedule), {
          connection: workerConnection(options.redisUrl),
          prefix,
          concurrency: 1,
          lockDuration: options.lockDurationMs ?? 60_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          maxStalledCount: 1,
        });
        worker.on('error', onError(schedule.name, 'worker'));
        entry.worker = worker;
        await worker.waitUntilReady();
        watch(entry);
      }
      logger.info(
        { sources: options.sources.map((s) => s.name), prefix },
        'source scheduler started (one tick per source at a time across replicas)',
      );
    },

    async triggerNow(source) {
      if (closing) throw new TransportClosedError();
      const entry = scheduled.get(source);
      if (!entry) throw new UnknownScheduledSourceError(source);
      await addTriggerJob(entry.queue, source);
    },

    close() {
      closing ??= (async () => {
        for (const entry of scheduled.values()) clearTimeout(entry.watchTimer);
        await Promise.allSettled([...scheduled.values()].flatMap((entry) => entry.checking ?? []));
        const workers = [...scheduled.values()].flatMap((entry) => (entry.worker ? [entry.worker] : []));
        // Abort running ticks first (close() stops lock tracking), then wait for them to return.
        for (const worker of workers) worker.cancelAllJobs('the fetcher is shutting down');
        await Promise.allSettled(workers.map((worker) => worker.close()));
        await Promise.allSettled([...scheduled.values()].map((entry) => entry.queue.close()));
      })();
      return closing;
    },
  };
}
