import { describe, expect, it } from 'vitest';
import { runLimited } from './pool.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runLimited', () => {
  it.each([1, 3, 5])('never runs more than %i tasks at once and runs each once', async (limit) => {
    let running = 0;
    let max = 0;
    const done: number[] = [];
    await runLimited(
      Array.from({ length: 12 }, (_, i) => i),
      limit,
      async (item) => {
        running++;
        max = Math.max(max, running);
        await tick();
        running--;
        done.push(item);
      },
    );
    expect(max).toBe(limit);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('stops starting tasks after one throws, aborts the running ones and rethrows', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const run = runLimited([0, 1, 2, 3, 4, 5], 2, async (item, _index, signal) => {
      started.push(item);
      if (item === 1) throw new Error('fatal');
      await new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted.push(item);
          resolve();
        });
      });
    });
    await expect(run).rejects.toThrow('fatal');
    expect(started).toEqual([0, 1]);
    expect(aborted).toEqual([0]);
  });

  it('starts nothing when the caller has aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await runLimited([1, 2], 2, () => Promise.resolve(void calls++), controller.signal);
    expect(calls).toBe(0);
  });
});
