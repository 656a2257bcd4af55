import type { MemoryJob } from './in-process-job.ts';
import type { JobKind } from './queue-names.ts';
import type { SnapshotParts } from './snapshot-stream.ts';

export interface InProcessSnapshotPartsDeps {
  jobs: Map<string, MemoryJob>;
  /** Registers a job; ready at once unless it has pending children. */
  add(job: MemoryJob): void;
  known(jobId: string): boolean;
  stored(kind: JobKind, jobId: string, payload: unknown): unknown;
  assertOpen(): void;
  /** Makes `job` ready (when given) and runs what can run. */
  wake(job?: MemoryJob): void;
}

/** The pending child that holds a snapshot's reconcile job back until `release`. */
const GATE = 'gate';

/** A snapshot in parts in memory: the reconcile job waits for a gate as well as its batches. */
export function createInProcessSnapshotParts(deps: InProcessSnapshotPartsDeps): SnapshotParts {
  const settled = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));
  return {
    open: (placeholder) =>
      settled(() => {
        deps.assertOpen();
        deps.add({
          kind: 'reconcile',
          id: placeholder.jobId,
          stored: deps.stored('reconcile', placeholder.jobId, placeholder.payload),
          attemptsMade: 0,
          createdAt: Date.now(),
          pendingChildren: new Set([GATE]),
          childReports: [],
        });
      }),
    add: (job, reconcileJobId) =>
      settled(() => {
        deps.assertOpen();
        const parent = deps.jobs.get(reconcileJobId);
        if (!parent?.pendingChildren || deps.known(job.jobId)) return;
        parent.pendingChildren.add(job.jobId);
        deps.add({
          kind: job.kind,
          id: job.jobId,
          stored: deps.stored(job.kind, job.jobId, job.payload),
          attemptsMade: 0,
          createdAt: Date.now(),
          parentId: reconcileJobId,
        });
        deps.wake();
      }),
    release: (reconcile) =>
      settled(() => {
        const parent = deps.jobs.get(reconcile.jobId);
        if (!parent?.pendingChildren?.delete(GATE)) return;
        parent.stored = deps.stored('reconcile', reconcile.jobId, reconcile.payload);
        deps.wake(parent.pendingChildren.size === 0 ? parent : undefined);
      }),
  };
}
