import { describe, expect, it } from 'vitest';
import { createInProcessTransport, retryDelayMs } from './in-process-transport.ts';
import { silentLogger } from './test-support.ts';
import { snapshotStreamBehaviour } from './snapshot-stream.behaviour.ts';
import { transportBehaviour } from './transport.behaviour.ts';

describe('in-process transport', () => {
  transportBehaviour((options) =>
    createInProcessTransport({
      logger: silentLogger,
      backoff: { delayMs: 5, jitter: 0.5 },
      ...options,
    }),
  );
  snapshotStreamBehaviour((options) => createInProcessTransport({ logger: silentLogger, ...options }));
});

describe('retryDelayMs', () => {
  it.each([
    [1, 1000, 500],
    [2, 2000, 1000],
    [4, 8000, 4000],
  ])('after %i attempt(s) waits at most %i ms and at least %i ms', (attempts, max, min) => {
    for (let i = 0; i < 50; i++) {
      const delay = retryDelayMs(attempts, { delayMs: 1000, jitter: 0.5 });
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThanOrEqual(max);
    }
  });
});
