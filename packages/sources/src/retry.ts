import { SourceAbortedError } from './errors.ts';

/** How a source retries a failing request: exponential backoff with jitter. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  retries: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * The delay before retry number `retry` (0-based): `min(max, base·2^retry)`, scaled by a random
 * factor in [0.5, 1) ("equal jitter") so replicas that failed together do not retry together.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Resolves after `ms`, or rejects with `SourceAbortedError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SourceAbortedError({ cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SourceAbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Whether a failure is worth another attempt (5xx, network, timeout). */
  isRetryable: (error: unknown) => boolean;
  /** Called before each retry (log it: no PHI). */
  onRetry?: (info: { error: unknown; retry: number; delayMs: number }) => void;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or retries run out. */
export async function withRetry<T>(
  attempt: (index: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let index = 0; ; index++) {
    if (options.signal?.aborted) throw new SourceAbortedError({ cause: options.signal.reason });
    try {
      return await attempt(index);
    } catch (error) {
      if (error instanceof SourceAbortedError) throw error;
      if (index >= options.policy.retries || !options.isRetryable(error)) throw error;
      const delayMs = backoffDelay(options.policy, index, options.random);
      options.onRetry?.({ error, retry: index + 1, delayMs });
      await wait(delayMs, options.signal);
    }
  }
}
