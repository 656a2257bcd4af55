import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_CONCURRENCY } from './bullmq-defaults.ts';
import { describeError } from '@mwl/domain';
import { isPermanentFailure, TransportClosedError } from './errors.ts';
import { jobIdFor } from './job-ids.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import { JOB_KINDS, QUEUE_NAMES, type JobKind } from './queue-names.ts';
import { collectChildResults, runJob, type ChildReport } from './run-job.ts';
import { planSnapshot, type SnapshotInput } from './snapshot-plan.ts';
import type { MemoryJob } from './in-process-job.ts';
import { createInProcessSnapshotParts } from './in-process-snapshot-parts.ts';
import { createSnapshotStream } from './snapshot-stream.ts';
import type {
  JobFinishedEvent,
  PublishedSnapshot,
  QueueHandlers,
  QueueLogger,
  QueueTransport,
} from './transport.ts';
import { parsePayload } from './validate-payload.ts';

export interface InProcessTransportOptions {
  encryptionKey?: Buffer | null;
  batchSize?: number;
  /** Items a streamed snapshot holds before it is queued in parts. Default: two batches. */
  holdItems?: number;
  attempts?: number;
  /** First retry delay; doubles per attempt, with `jitter` (0..1) taken off at random. */
  backoff?: { delayMs: number; jitter: number };
  concurrency?: Partial<Record<JobKind, number>>;
  /** How many finished job ids are remembered to ignore a republished snapshot. Default 10,000. */
  rememberFinished?: number;
  logger: QueueLogger;
  onJobFinished?: (event: JobFinishedEvent) => void;
}

/** Runs `fn` now; its throw becomes a rejection, as from an async function. */
const settled = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** Retry delay as BullMQ computes it for exponential backoff with jitter. */
export function retryDelayMs(attemptsMade: number, backoff: { delayMs: number; jitter: number }): number {
  const max = Math.round(2 ** (attemptsMade - 1) * backoff.delayMs);
  return Math.floor(max * (1 - backoff.jitter) + Math.random() * max * backoff.jitter);
}

/**
 * The same contract as the BullMQ transport, in memory: batches before their reconcile job,
 * retries with backoff, permanent failures without retry, republished snapshots ignored. For tests
 * and the single-process embedded mode; jobs not yet run are lost when the process ends.
 */
export function createInProcessTransport(options: InProcessTransportOptions): QueueTransport {
  const codec = createPayloadCodec(options.encryptionKey);
  const batchSize = options.batchSize ?? 1000;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const backoff = options.backoff ?? { delayMs: DEFAULT_BACKOFF.delay, jitter: DEFAULT_BACKOFF.jitter };
  const remember = options.rememberFinished ?? 10_000;
  const { logger } = options;

  const jobs = new Map<string, MemoryJob>();
  const finishedIds = new Set<string>();
  const ready: Record<JobKind, MemoryJob[]> = {
    entries: [],
    rejections: [],
    reconcile: [],
    syncFailures: [],
  };
  const active: Record<JobKind, number> = { entries: 0, rejections: 0, reconcile: 0, syncFailures: 0 };
  const failedCount: Record<JobKind, number> = { entries: 0, rejections: 0, reconcile: 0, syncFailures: 0 };
  const delayed = new Map<NodeJS.Timeout, MemoryJob>();
  const running = new Set<Promise<void>>();
  let handlers: QueueHandlers | undefined;
  let closing: Promise<void> | undefined;

  const known = (id: string) => jobs.has(id) || finishedIds.has(id);

  function add(job: MemoryJob): void {
    jobs.set(job.id, job);
    if (!job.pendingChildren || job.pendingChildren.size === 0) ready[job.kind].push(job);
  }

  function forget(job: MemoryJob): void {
    jobs.delete(job.id);
    finishedIds.add(job.id);
    if (finishedIds.size > remember) finishedIds.delete(finishedIds.values().next().value!);
  }

  function settle(job: MemoryJob, report: Omit<ChildReport, 'kind' | 'jobId'>): void {
    forget(job);
    const parent = job.parentId ? jobs.get(job.parentId) : undefined;
    if (!parent?.pendingChildren) return;
    parent.childReports!.push({ kind: job.kind, jobId: job.id, ...report });
    parent.pendingChildren.delete(job.id);
    if (parent.pendingChildren.size === 0) ready[parent.kind].push(parent);
  }

  function emit(event: JobFinishedEvent): void {
    try {
      options.onJobFinished?.(event);
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'onJobFinished hook threw');
    }
  }

  async function run(job: MemoryJob, current: QueueHandlers): Promise<void> {
    const started = performance.now();
    const ctx = { kind: job.kind, jobId: job.id, attempt: job.attemptsMade + 1 };
    try {
      const children = () => Promise.resolve(collectChildResults(job.childReports ?? []));
      const value = roundTrip(await runJob(job.kind, job.stored, ctx, current, codec, children));
      emit({ kind: job.kind, outcome: 'completed', durationMs: performance.now() - started });
      settle(job, { value });
    } catch (error) {
      const { code, message } = describeError(error);
      job.attemptsMade += 1;
      const retrying = !isPermanentFailure(error) && job.attemptsMade < attempts && !closing;
      const outcome = retrying ? 'retrying' : 'failed';
      emit({ kind: job.kind, outcome, durationMs: performance.now() - started, errorCode: code });
      logger.warn(
        { queue: QUEUE_NAMES[job.kind], jobId: job.id, attempt: ctx.attempt, code, outcome },
        'job failed',
      );
      if (retrying) {
        const timer = setTimeout(
          () => {
            delayed.delete(timer);
            ready[job.kind].push(job);
            pump();
          },
          retryDelayMs(job.attemptsMade, backoff),
        );
        delayed.set(timer, job);
      } else {
        failedCount[job.kind] += 1;
        settle(job, { failure: `${code}: ${message}` });
      }
    }
  }

  function pump(): void {
    const current = handlers;
    if (!current || closing) return;
    for (const kind of JOB_KINDS) {
      const limit = options.concurrency?.[kind] ?? DEFAULT_CONCURRENCY[kind];
      while (active[kind] < limit && ready[kind].length > 0) {
        const job = ready[kind].shift()!;
        active[kind] += 1;
        const task = run(job, current).finally(() => {
          active[kind] -= 1;
          running.delete(task);
          pump();
        });
        running.add(task);
      }
    }
  }

  function assertOpen(): void {
    if (closing) throw new TransportClosedError();
  }

  function stored(kind: JobKind, jobId: string, payload: unknown): unknown {
    return roundTrip(codec.encode({ queue: QUEUE_NAMES[kind], jobId }, payload));
  }

  function publishWhole(snapshot: SnapshotInput): PublishedSnapshot {
    assertOpen();
    const plan = planSnapshot(snapshot, batchSize);
    const published = {
      snapshotId: snapshot.snapshotId,
      reconcileJobId: plan.reconcile.jobId,
      entryBatches: plan.entryBatches.length,
      rejectionBatches: plan.rejectionBatches.length,
      duplicateEntries: plan.duplicateEntries,
    };
    if (known(plan.reconcile.jobId)) return published;
    const now = Date.now();
    const children = [...plan.entryBatches, ...plan.rejectionBatches].filter((c) => !known(c.jobId));
    add({
      kind: 'reconcile',
      id: plan.reconcile.jobId,
      stored: stored('reconcile', plan.reconcile.jobId, plan.reconcile.payload),
      attemptsMade: 0,
      createdAt: now,
      pendingChildren: new Set(children.map((c) => c.jobId)),
      childReports: [],
    });
    for (const child of children) {
      add({
        kind: child.kind,
        id: child.jobId,
        stored: stored(child.kind, child.jobId, child.payload),
        attemptsMade: 0,
        createdAt: now,
        parentId: plan.reconcile.jobId,
      });
    }
    pump();
    return published;
  }

  const snapshotParts = createInProcessSnapshotParts({
    jobs,
    add,
    known,
    stored,
    assertOpen,
    wake(job) {
      if (job) ready[job.kind].push(job);
      pump();
    },
  });

  return {
    publishSnapshot: (snapshot) => settled(() => publishWhole(snapshot)),

    openSnapshot: (header) => {
      assertOpen();
      return createSnapshotStream(header, {
        batchSize,
        holdItems: options.holdItems ?? 2 * batchSize,
        publishWhole: (snapshot) => settled(() => publishWhole(snapshot)),
        parts: snapshotParts,
      });
    },

    publishSyncFailure: (report) =>
      settled(() => {
        assertOpen();
        const payload = parsePayload('syncFailures', report);
        const id = jobIdFor('syncFailures', payload.snapshotId);
        if (!known(id)) {
          add({
            kind: 'syncFailures',
            id,
            stored: stored('syncFailures', id, payload),
            attemptsMade: 0,
            createdAt: Date.now(),
          });
          pump();
        }
      }),

    consume: (next) =>
      settled(() => {
        assertOpen();
        if (handlers) throw new Error('consume() was already called on this transport');
        handlers = next;
        pump();
      }),

    ping: () => (closing ? Promise.reject(new TransportClosedError()) : Promise.resolve()),

    stats() {
      const now = Date.now();
      return Promise.resolve(
        JOB_KINDS.map((kind) => ({
          kind,
          queue: QUEUE_NAMES[kind],
          waiting: ready[kind].length,
          active: active[kind],
          delayed: [...delayed.values()].filter((job) => job.kind === kind).length,
          failed: failedCount[kind],
          oldestWaitingMs:
            ready[kind].length > 0 ? now - Math.min(...ready[kind].map((j) => j.createdAt)) : 0,
        })),
      );
    },

    close() {
      closing ??= (async () => {
        for (const timer of delayed.keys()) clearTimeout(timer);
        delayed.clear();
        while (running.size > 0) await Promise.allSettled([...running]);
      })();
      return closing;
    },
  };
}
