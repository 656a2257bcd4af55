import { testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqSourceScheduler } from './bullmq-source-scheduler.ts';
import { createBullmqSyncTrigger } from './bullmq-sync-trigger.ts';
import type { SourceSchedule, SourceScheduler, TickInfo } from './source-scheduler.ts';

const warnings: string[] = [];
const logger = {
  info: () => {},
  warn: (_fields: object, message: string) => warnings.push(message),
  error: () => {},
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tick {
  scheduler: number;
  source: string;
  start: number;
  end?: number;
  info: TickInfo;
  signal: AbortSignal;
}

/** Schedulers on one prefix, each with its own Redis connections (as separate replicas have). */
function replicas(
  count: number,
  sources: SourceSchedule[],
  tickMs: Record<string, number>,
  tuning: { schedulerCheckMs?: number } = {},
) {
  const prefix = uniqueQueuePrefix('scheduler');
  const ticks: Tick[] = [];
  const skipped: string[] = [];
  const running = new Map<string, number>();
  const maxRunning = new Map<string, number>();
  const schedulers: SourceScheduler[] = Array.from({ length: count }, (_, index) =>
    createBullmqSourceScheduler({
      redisUrl: testRedisUrl(),
      prefix,
      sources,
      ...tuning,
      logger,
      onSkip: (source) => skipped.push(source),
      onTick: async (source, signal, info) => {
        const tick: Tick = { scheduler: index, source, start: Date.now(), info, signal };
        ticks.push(tick);
        running.set(source, (running.get(source) ?? 0) + 1);
        maxRunning.set(source, Math.max(maxRunning.get(source) ?? 0, running.get(source)!));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, tickMs[source] ?? 0);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        running.set(source, running.get(source)! - 1);
        tick.end = Date.now();
      },
    }),
  );
  open.push({ prefix, schedulers });
  return { prefix, schedulers, ticks, skipped, maxRunning };
}

const open: { prefix: string; schedulers: SourceScheduler[] }[] = [];
afterEach(async () => {
  warnings.length = 0;
  for (const { prefix, schedulers } of open.splice(0)) {
    await Promise.all(schedulers.map((s) => s.close()));
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

async function waitFor(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe('the BullMQ source scheduler', () => {
  it('never runs two ticks of a source at once, however many replicas schedule it', async () => {
    // Ticks take longer than the interval: without the global concurrency they would overlap.
    const h = replicas(3, [{ name: 'redcap-a', everyMs: 150 }], { 'redcap-a': 250 });
    await Promise.all(h.schedulers.map((s) => s.start()));
    await waitFor(() => h.ticks.length >= 6, 15_000);
    expect(h.maxRunning.get('redcap-a')).toBe(1);
    const finished = h.ticks.filter((t) => t.end !== undefined).sort((a, b) => a.start - b.start);
    for (let i = 1; i < finished.length; i++) {
      expect(finished[i]!.start).toBeGreaterThanOrEqual(finished[i - 1]!.end!);
    }
  });

  it('ticks every interval, late by far less than one, when ticks are short', async () => {
    const h = replicas(2, [{ name: 'redcap-a', everyMs: 200 }], { 'redcap-a': 20 });
    await Promise.all(h.schedulers.map((s) => s.start()));
    await waitFor(() => h.ticks.length >= 6);
    expect(h.skipped).toEqual([]);
    const slots = h.ticks.map((t) => t.info.scheduledAt.getTime());
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(200);
    for (const tick of h.ticks.slice(1))
      expect(tick.start - tick.info.scheduledAt.getTime()).toBeLessThan(150);
  });

  it('ticks a second source while the first one is busy', async () => {
    const h = replicas(
      1,
      [
        { name: 'slow', everyMs: 5_000 },
        { name: 'fast', everyMs: 100 },
      ],
      { slow: 60_000, fast: 0 },
    );
    await h.schedulers[0]!.start();
    await waitFor(() => h.ticks.filter((t) => t.source === 'fast').length >= 4);
    expect(h.ticks.filter((t) => t.source === 'slow')).toHaveLength(1);
  });

  it('drops a tick that waited a whole interval behind a long one', async () => {
    const h = replicas(1, [{ name: 'redcap-a', everyMs: 100 }], { 'redcap-a': 400 });
    await h.schedulers[0]!.start();
    await waitFor(() => h.skipped.length >= 1 && h.ticks.length >= 2);
    for (const tick of h.ticks) expect(tick.start - tick.info.scheduledAt.getTime()).toBeLessThan(250);
  });

  it('runs a triggered tick at once, and once for triggers made while one waits', async () => {
    const h = replicas(1, [{ name: 'redcap-a', everyMs: 60_000 }], { 'redcap-a': 300 });
    const [scheduler] = h.schedulers;
    await scheduler!.start();
    await waitFor(() => h.ticks.length === 1);
    await scheduler!.triggerNow('redcap-a');
    await scheduler!.triggerNow('redcap-a');
    await waitFor(() => h.ticks.length === 2 && h.ticks[1]!.end !== undefined);
    await sleep(400);
    expect(h.ticks.map((t) => t.info.trigger)).toEqual(['schedule', 'manual']);
  });

  it('runs a tick asked for by a sync trigger of another process (the api), and refuses unknown sources', async () => {
    const h = replicas(1, [{ name: 'redcap-a', everyMs: 60_000 }], { 'redcap-a': 0 });
    await h.schedulers[0]!.start();
    await waitFor(() => h.ticks.length === 1);
    const trigger = createBullmqSyncTrigger({
      redisUrl: testRedisUrl(),
      prefix: h.prefix,
      sources: ['redcap-a'],
      logger,
    });
    try {
      await trigger.triggerNow('redcap-a');
      await waitFor(() => h.ticks.length === 2);
      expect(h.ticks.map((t) => t.info.trigger)).toEqual(['schedule', 'manual']);
      await expect(trigger.triggerNow('other')).rejects.toMatchObject({
        code: 'MWL_ERR_QUEUE_UNKNOWN_SOURCE',
      });
    } finally {
      await trigger.close();
    }
  });

  it('aborts a running tick on close and waits for it', async () => {
    const h = replicas(1, [{ name: 'redcap-a', everyMs: 1_000 }], { 'redcap-a': 60_000 });
    await h.schedulers[0]!.start();
    await waitFor(() => h.ticks.length === 1);
    await h.schedulers[0]!.close();
    expect(h.ticks[0]!.signal.aborted).toBe(true);
    expect(h.ticks[0]!.end).toBeDefined();
  });

  it('re-creates its job scheduler when the queue keys vanish from Redis, and says so', async () => {
    const h = replicas(
      2,
      [{ name: 'redcap-a', everyMs: 200 }],
      { 'redcap-a': 20 },
      { schedulerCheckMs: 200 },
    );
    await Promise.all(h.schedulers.map((s) => s.start()));
    await waitFor(() => h.ticks.length >= 2);
    await sleep(450);
    expect(warnings).toEqual([]); // Checked a few times already: nothing vanished, nothing said.
    // A Redis restart without persistence, an eviction, a FLUSHDB: every key of the prefix is gone.
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`${h.prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    const before = h.ticks.length;
    await waitFor(() => h.ticks.length >= before + 3, 5_000);
    expect(warnings).toContain('the job scheduler of a source vanished from Redis: re-created it');
    expect(h.maxRunning.get('redcap-a')).toBe(1);
  });
});
