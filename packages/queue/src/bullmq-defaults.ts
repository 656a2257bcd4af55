import type { DefaultJobOptions } from 'bullmq';
import type { JobKind } from './queue-names.ts';

/**
 * Production defaults of the BullMQ transport, in one place.
 *
 * - Retries: 8 attempts, exponential backoff from 2 s with 50% jitter (~4 min in all), so a
 *   database restart is ridden out and retries of many jobs do not arrive in lockstep.
 * - Auto-removal bounded by age and count: completed jobs go after an hour, failed ones after a
 *   week (their payload is patient data, encrypted when a key is set).
 * - Producers fail fast (no offline queue, one retry per command): a fetcher learns at once that
 *   Redis is away instead of piling up in memory. Workers are patient (unlimited retries per
 *   command, as BullMQ requires for blocking connections).
 */
export const DEFAULT_ATTEMPTS = 8;
export const DEFAULT_BACKOFF = { type: 'exponential', delay: 2_000, jitter: 0.5 } as const;

export function defaultJobOptions(
  attempts = DEFAULT_ATTEMPTS,
  backoffDelayMs: number = DEFAULT_BACKOFF.delay,
) {
  return {
    attempts,
    backoff: { ...DEFAULT_BACKOFF, delay: backoffDelayMs },
    removeOnComplete: { age: 60 * 60, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 60 * 60, count: 5_000 },
    stackTraceLimit: 5,
  } satisfies DefaultJobOptions;
}

export const DEFAULT_CONCURRENCY: Record<JobKind, number> = {
  entries: 2,
  rejections: 1,
  reconcile: 1,
  syncFailures: 1,
};

export interface WorkerTuning {
  /** Jobs run at once per queue. */
  concurrency?: Partial<Record<JobKind, number>>;
  /** How long a job's lock lasts without renewal (BullMQ default 30 s). */
  lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are looked for (BullMQ default 30 s). */
  stalledIntervalMs?: number;
  /** How often a job may stall before it fails (default 2). */
  maxStalledCount?: number;
}

export function producerConnection(url: string) {
  return { url, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 };
}

export function workerConnection(url: string) {
  return { url, maxRetriesPerRequest: null, connectTimeout: 5_000 };
}
