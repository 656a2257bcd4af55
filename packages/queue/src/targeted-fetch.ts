import { z } from 'zod';
import { InvalidPayloadError, TransportClosedError } from './errors.ts';
import { sourceNameSchema } from './payloads.ts';
import { QUEUE_NAMES } from './queue-names.ts';
import type { JobOutcome } from './transport.ts';

/**
 * Targeted fetches: "fetch these records of this source now". The api produces them (REDCap's
 * Data Entry Trigger), the fetcher consumes them with the plugin's `fetchKeys` and publishes what
 * it read as a targeted snapshot (never complete: it cancels nothing).
 */
export const MAX_TARGETED_RECORDS = 1000;

export const targetedFetchPayloadSchema = z
  .object({
    source: sourceNameSchema,
    /** Record ids in the source (REDCap `record`); distinct. */
    recordIds: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(MAX_TARGETED_RECORDS)
      .refine((ids) => new Set(ids).size === ids.length, 'record ids must be distinct'),
    /** When the request was made (ISO 8601 with offset): latency is measured from it. */
    requestedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type TargetedFetchPayload = z.output<typeof targetedFetchPayloadSchema>;

export interface TargetedFetchContext {
  jobId: string;
  attempt: number;
}

/** Resolves when the records are published; throws to have the job retried. */
export type TargetedFetchHandler = (
  payload: TargetedFetchPayload,
  ctx: TargetedFetchContext,
) => Promise<JobOutcome>;

export interface TargetedFetchQueue {
  /** Validates and enqueues a request; throws `InvalidPayloadError` for a bad one. */
  request(payload: TargetedFetchPayload): Promise<void>;
  /** Starts consuming the requests of these sources (the ones this fetcher runs); once per queue. */
  consume(handler: TargetedFetchHandler, sources: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The BullMQ queue of one source's requests: a fetcher consumes only the sources it runs. */
export function targetedFetchQueueName(source: string): string {
  return `${QUEUE_NAMES.targetedFetch}-${source}`;
}

export function parseTargetedFetch(payload: unknown): TargetedFetchPayload {
  const parsed = targetedFetchPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
    throw new InvalidPayloadError(`invalid targeted fetch: ${paths.join('; ')}`);
  }
  return parsed.data;
}

export interface InProcessTargetedFetchOptions {
  logger: { error(fields: object, message: string): void };
  /** Attempts per request (default 3), `retryDelayMs` apart (default 1000). */
  attempts?: number;
  retryDelayMs?: number;
}

/**
 * The embedded form: requests run in this process, one at a time per source, retried a few times.
 * Nothing survives a restart (the periodic sync catches up).
 */
export function createInProcessTargetedFetchQueue(
  options: InProcessTargetedFetchOptions,
): TargetedFetchQueue {
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const chains = new Map<string, Promise<void>>();
  const sleeps = new Map<NodeJS.Timeout, () => void>();
  let handler: TargetedFetchHandler | undefined;
  let consumed: ReadonlySet<string> = new Set();
  let closed = false;
  let counter = 0;

  async function runWithRetries(payload: TargetedFetchPayload, jobId: string): Promise<void> {
    for (let attempt = 1; attempt <= attempts && !closed; attempt += 1) {
      if (!handler || !consumed.has(payload.source)) {
        options.logger.error({ source: payload.source, jobId }, 'no fetcher runs this source here');
        return;
      }
      try {
        await handler(payload, { jobId, attempt });
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        options.logger.error(
          { source: payload.source, jobId, attempt, errCode: code },
          'targeted fetch failed',
        );
        if (error instanceof InvalidPayloadError || attempt === attempts) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            sleeps.delete(timer);
            resolve();
          }, retryDelayMs);
          sleeps.set(timer, resolve);
        });
      }
    }
  }

  return {
    request(payload) {
      if (closed) return Promise.reject(new TransportClosedError());
      const valid = parseTargetedFetch(payload);
      counter += 1;
      const jobId = `targeted-${counter}`;
      const previous = chains.get(valid.source) ?? Promise.resolve();
      const next = previous.then(() => runWithRetries(valid, jobId));
      chains.set(valid.source, next);
      void next.finally(() => {
        if (chains.get(valid.source) === next) chains.delete(valid.source);
      });
      return Promise.resolve();
    },
    consume(next, sources) {
      handler = next;
      consumed = new Set(sources);
      return Promise.resolve();
    },
    async close() {
      closed = true;
      // Waiting retries end now (no further attempt); requests in hand finish.
      for (const [timer, wake] of sleeps) {
        clearTimeout(timer);
        wake();
      }
      sleeps.clear();
      await Promise.allSettled([...chains.values()]);
    },
  };
}
