import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInProcessSourceScheduler } from './in-process-scheduler.ts';
import {
  InvalidSourceScheduleError,
  UnknownScheduledSourceError,
  type SourceSchedule,
  type TickInfo,
} from './source-scheduler.ts';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

interface Recorded {
  source: string;
  at: number;
  info: TickInfo;
}

/** A scheduler whose ticks take `durationMs` (fake timers) and are recorded. */
function harness(sources: SourceSchedule[], durationMs = 0) {
  const ticks: Recorded[] = [];
  const skipped: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const signals: AbortSignal[] = [];
  const scheduler = createInProcessSourceScheduler({
    sources,
    logger,
    onSkip: (source) => skipped.push(source),
    onTick: async (source, signal, info) => {
      ticks.push({ source, at: Date.now(), info });
      signals.push(signal);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, durationMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      running--;
    },
  });
  return { scheduler, ticks, skipped, signals, maxRunning: () => maxRunning };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the in-process source scheduler', () => {
  it('ticks each source at once, then on its own interval', async () => {
    const h = harness([
      { name: 'a', everyMs: 100 },
      { name: 'b', everyMs: 250 },
    ]);
    await h.scheduler.start();
    await vi.advanceTimersByTimeAsync(520);
    const at = (source: string) => h.ticks.filter((t) => t.source === source).map((t) => t.at - 1_000_000);
    expect(at('a')).toEqual([0, 100, 200, 300, 400, 500]);
    expect(at('b')).toEqual([0, 250, 500]);
    await h.scheduler.close();
  });

  it('never runs two ticks of a source at once and drops a tick that would start an interval late', async () => {
    const h = harness([{ name: 'a', everyMs: 100 }], 250);
    await h.scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.maxRunning()).toBe(1);
    // 0–250 runs; the tick due at 100 would start 150 ms late: dropped; 200 starts at 250.
    expect(h.ticks.map((t) => t.at - 1_000_000)).toEqual([0, 250, 500, 750, 1000]);
    expect(h.ticks.map((t) => t.info.scheduledAt.getTime() - 1_000_000)).toEqual([0, 200, 400, 700, 900]);
    expect(h.skipped.length).toBeGreaterThan(0);
    await h.scheduler.close();
  });

  it('runs a triggered tick at once, and collapses triggers made while a tick runs into one', async () => {
    const h = harness([{ name: 'a', everyMs: 10_000 }], 50);
    await h.scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    await h.scheduler.triggerNow('a');
    await h.scheduler.triggerNow('a');
    await vi.advanceTimersByTimeAsync(200);
    expect(h.ticks.map((t) => [t.at - 1_000_000, t.info.trigger])).toEqual([
      [0, 'schedule'],
      [50, 'manual'],
    ]);
    await h.scheduler.triggerNow('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(h.ticks.at(-1)?.info.trigger).toBe('manual');
    expect(h.maxRunning()).toBe(1);
    await h.scheduler.close();
  });

  it('aborts the running tick on close and waits for it to return', async () => {
    const h = harness([{ name: 'a', everyMs: 100 }], 60_000);
    await h.scheduler.start();
    await vi.advanceTimersByTimeAsync(1);
    await h.scheduler.close();
    expect(h.signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.ticks).toHaveLength(1);
  });

  it('refuses a trigger for a source it does not tick', async () => {
    const h = harness([{ name: 'a', everyMs: 100 }]);
    await expect(h.scheduler.triggerNow('b')).rejects.toBeInstanceOf(UnknownScheduledSourceError);
    await h.scheduler.close();
  });

  it.each<[string, SourceSchedule[]]>([
    ['a name with a colon', [{ name: 'a:b', everyMs: 1_000 }]],
    ['an empty name', [{ name: '', everyMs: 1_000 }]],
    ['an interval below 50 ms', [{ name: 'a', everyMs: 10 }]],
    ['a fractional interval', [{ name: 'a', everyMs: 100.5 }]],
    [
      'a source named twice',
      [
        { name: 'a', everyMs: 1_000 },
        { name: 'a', everyMs: 2_000 },
      ],
    ],
  ])('refuses %s', (_label, sources) => {
    expect(() => createInProcessSourceScheduler({ sources, logger, onTick: async () => {} })).toThrow(
      InvalidSourceScheduleError,
    );
  });
});
