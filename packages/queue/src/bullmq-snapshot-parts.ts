import { Job, type FlowProducer, type Queue } from 'bullmq';
import { QueueUnavailableError } from './errors.ts';
import { packEntryBatch } from './packed-entries.ts';
import type { PayloadCodec } from './payload-crypto.ts';
import { QUEUE_NAMES, type JobKind } from './queue-names.ts';
import type { PlannedJob } from './snapshot-plan.ts';
import type { SnapshotParts } from './snapshot-stream.ts';

/**
 * BullMQ waits for a connection without limit; a producer must not. A publish that times out may
 * still land later: job ids are deterministic, so publishing it again adds nothing twice.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueUnavailableError(`${what}: Redis did not answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface BullmqSnapshotPartsDeps {
  queues: Record<JobKind, Queue>;
  flows: FlowProducer;
  codec: PayloadCodec;
  jobOptions: object;
  publishTimeoutMs: number;
  /**
   * How long a gate holds its reconcile job when nobody releases it (the fetcher died while
   * publishing): then the gate fails (its payload is no batch) and the run is recorded failed.
   */
  gateDelayMs: number;
}

/** A batch job's data as it travels: entry batches packed (packed-entries.ts), all encoded. */
export function encodeBatchJob(
  codec: PayloadCodec,
  job: PlannedJob<'entries'> | PlannedJob<'rejections'>,
): unknown {
  const payload = job.kind === 'entries' ? packEntryBatch(job.payload) : job.payload;
  return codec.encode({ queue: QUEUE_NAMES[job.kind], jobId: job.jobId }, payload);
}

/** The gate's job id: beside the snapshot's batch ids, never one of them. */
const gateIdOf = (snapshotId: string) => `${snapshotId}.gate`;

/**
 * A snapshot in parts as a BullMQ flow: the reconcile job is created with one child, a gate
 * delayed far ahead; batches join it as children (`parent` option) while the gate keeps it waiting;
 * `release` writes the final payload and removes the gate, so the reconcile job runs once the
 * batches finished.
 */
export function createBullmqSnapshotParts(deps: BullmqSnapshotPartsDeps): SnapshotParts {
  const { queues, flows, codec, publishTimeoutMs } = deps;
  const childOpts = { ...deps.jobOptions, ignoreDependencyOnFailure: true };

  return {
    async open(placeholder) {
      const gateId = gateIdOf(placeholder.payload.snapshotId);
      const adding = flows.add({
        name: 'reconcile',
        queueName: QUEUE_NAMES.reconcile,
        data: codec.encode({ queue: QUEUE_NAMES.reconcile, jobId: placeholder.jobId }, placeholder.payload),
        opts: { ...deps.jobOptions, jobId: placeholder.jobId },
        children: [
          {
            name: 'gate',
            queueName: QUEUE_NAMES.entries,
            data: codec.encode({ queue: QUEUE_NAMES.entries, jobId: gateId }, { gate: true }),
            opts: { ...childOpts, jobId: gateId, attempts: 1, delay: deps.gateDelayMs },
          },
        ],
      });
      await withDeadline(adding, publishTimeoutMs, `open snapshot ${placeholder.payload.snapshotId}`);
    },

    async add(job, reconcileJobId) {
      const adding = queues[job.kind].add(job.kind, encodeBatchJob(codec, job), {
        ...childOpts,
        jobId: job.jobId,
        parent: { id: reconcileJobId, queue: queues.reconcile.qualifiedName },
      });
      await withDeadline(adding, publishTimeoutMs, `publish batch ${job.jobId}`);
    },

    async release(reconcile) {
      const releasing = (async () => {
        const parent = await Job.fromId(queues.reconcile, reconcile.jobId);
        if (!parent) throw new QueueUnavailableError(`the reconcile job ${reconcile.jobId} is gone`);
        await parent.updateData(
          codec.encode({ queue: QUEUE_NAMES.reconcile, jobId: reconcile.jobId }, reconcile.payload),
        );
        const gate = await Job.fromId(queues.entries, gateIdOf(reconcile.payload.snapshotId));
        if (!gate) return; // released before (a retried release)
        await gate.removeChildDependency();
        await gate.remove();
      })();
      await withDeadline(releasing, publishTimeoutMs, `release snapshot ${reconcile.payload.snapshotId}`);
    },
  };
}
