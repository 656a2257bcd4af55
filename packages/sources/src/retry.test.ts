import { describe, expect, it } from 'vitest';
import { SourceAbortedError } from './errors.ts';
import { backoffDelay, withRetry, type RetryPolicy } from './retry.ts';

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 300 };

describe('backoffDelay', () => {
  it.each([
    [0, 0, 50],
    [0, 0.999999, 100],
    [1, 0, 100],
    [2, 0.5, 225],
    [5, 1, 300],
  ])('after retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelay(policy, retry, () => random)).toBe(expected);
  });
});

describe('withRetry', () => {
  const noWait = () => Promise.resolve();

  it('retries retryable failures until one succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      () => (++calls < 3 ? Promise.reject(new Error('503')) : Promise.resolve('ok')),
      {
        policy,
        isRetryable: () => true,
        sleep: noWait,
        random: () => 0,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([50, 100]);
  });

  it('stops after the configured retries with the last error', async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`failure ${++calls}`));
    await expect(withRetry(failing, { policy, isRetryable: () => true, sleep: noWait })).rejects.toThrow(
      'failure 4',
    );
  });

  it('does not retry a non-retryable failure', async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`failure ${++calls}`));
    await expect(withRetry(failing, { policy, isRetryable: () => false, sleep: noWait })).rejects.toThrow(
      'failure 1',
    );
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const failing = () => Promise.reject(new Error('503'));
    const pending = withRetry(failing, {
      policy: { ...policy, baseDelayMs: 60_000 },
      isRetryable: () => true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(SourceAbortedError);
  });
});
