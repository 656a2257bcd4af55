import { runEntryBatch } from './entry-batch.ts';
import type { PayloadCodec } from './payload-crypto.ts';
import { entryBatchResultSchema, rejectionBatchResultSchema } from './payloads.ts';
import { QUEUE_NAMES, type JobKind } from './queue-names.ts';
import type { ChildResults, JobContext, QueueHandlers } from './transport.ts';
import { parsePayload } from './validate-payload.ts';

/**
 * The part of running a job both transports share: decrypt, validate, dispatch to the handler
 * (entry batches: see entry-batch.ts).
 * Decryption and validation failures throw InvalidPayloadError, which fails the job without retry.
 */
export async function runJob(
  kind: JobKind,
  stored: unknown,
  ctx: JobContext,
  handlers: QueueHandlers,
  codec: PayloadCodec,
  children: () => Promise<ChildResults>,
): Promise<unknown> {
  const data = codec.decode({ queue: QUEUE_NAMES[kind], jobId: ctx.jobId }, stored);
  switch (kind) {
    case 'entries':
      return runEntryBatch(data, ctx, handlers, codec);
    case 'rejections':
      return rejectionBatchResultSchema.parse(
        await handlers.rejections(parsePayload('rejections', data), ctx),
      );
    case 'reconcile': {
      const payload = parsePayload('reconcile', data);
      return handlers.reconcile(payload, { ...ctx, children: await children() });
    }
    case 'syncFailures':
      return handlers.syncFailure(parsePayload('syncFailures', data), ctx);
  }
}

export interface ChildReport {
  kind: JobKind;
  jobId: string;
  /** The child's return value when it completed. */
  value?: unknown;
  /** The child's failure message when it failed for good. */
  failure?: string;
}

/** Sorts the reports of a snapshot's batches into results and failures; an unreadable result fails. */
export function collectChildResults(reports: readonly ChildReport[]): ChildResults {
  const results: ChildResults = { entryBatches: [], rejectionBatches: [], failed: [] };
  for (const report of reports) {
    const kind = report.kind;
    if (kind !== 'entries' && kind !== 'rejections') continue;
    const fail = (reason: string) => results.failed.push({ kind, jobId: report.jobId, reason });
    if (report.failure !== undefined) {
      fail(report.failure);
      continue;
    }
    if (kind === 'entries') {
      const parsed = entryBatchResultSchema.safeParse(report.value);
      if (parsed.success) results.entryBatches.push(parsed.data);
      else fail('the batch returned an unreadable result');
    } else {
      const parsed = rejectionBatchResultSchema.safeParse(report.value);
      if (parsed.success) results.rejectionBatches.push(parsed.data);
      else fail('the batch returned an unreadable result');
    }
  }
  return results;
}
