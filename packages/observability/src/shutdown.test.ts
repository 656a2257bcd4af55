import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createShutdown, type ShutdownStep } from './shutdown.ts';
import { captureLines } from './test-log-capture.ts';

function newLogger() {
  const destination = captureLines();
  return { logger: createLogger({ service: 'test', destination }), destination };
}

function step(name: string, calls: string[], run: () => Promise<void> = async () => {}): ShutdownStep {
  return {
    name,
    run: async () => {
      calls.push(name);
      await run();
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('createShutdown', () => {
  it('runs the steps one after another, in order', async () => {
    const calls: string[] = [];
    const { logger } = newLogger();
    const steps = ['http', 'workers', 'queues', 'database', 'redis'].map((name) =>
      step(name, calls, () => sleep(2)),
    );
    const report = await createShutdown({ logger, deadlineMs: 1_000, steps })('SIGTERM');
    expect(calls).toEqual(['http', 'workers', 'queues', 'database', 'redis']);
    expect(report).toMatchObject({ ok: true, timedOut: false, completed: calls, failed: [], skipped: [] });
  });

  it('runs the later steps when one fails, and reports the failure', async () => {
    const calls: string[] = [];
    const { logger, destination } = newLogger();
    const steps = [
      step('workers', calls, () => Promise.reject(new Error('worker close failed'))),
      step('database', calls),
    ];
    const report = await createShutdown({ logger, deadlineMs: 1_000, steps })();
    expect(calls).toEqual(['workers', 'database']);
    expect(report).toMatchObject({ ok: false, completed: ['database'], failed: ['workers'] });
    expect(destination.text()).toContain('shutdown step failed');
  });

  it('gives up at the deadline and names the steps left unfinished', async () => {
    const calls: string[] = [];
    const { logger } = newLogger();
    const steps = [
      step('http', calls),
      step('workers', calls, () => new Promise<void>(() => {})),
      step('redis', calls),
    ];
    const started = Date.now();
    const report = await createShutdown({ logger, deadlineMs: 50, steps })();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toEqual(['http', 'workers']);
    expect(report).toMatchObject({
      ok: false,
      timedOut: true,
      completed: ['http'],
      skipped: ['workers', 'redis'],
    });
  });

  it('still runs a final step after the deadline passed', async () => {
    const calls: string[] = [];
    const { logger } = newLogger();
    const steps = [
      step('workers', calls, () => new Promise<void>(() => {})),
      step('redis', calls),
      { ...step('database', calls), final: true },
    ];
    const report = await createShutdown({ logger, deadlineMs: 50, steps })();
    expect(calls).toEqual(['workers', 'database']);
    expect(report).toMatchObject({
      ok: false,
      timedOut: true,
      completed: ['database'],
      skipped: ['workers', 'redis'],
    });
  });

  it('returns the first call’s promise when called again, without running the steps twice', async () => {
    const calls: string[] = [];
    const { logger } = newLogger();
    const shutdown = createShutdown({
      logger,
      deadlineMs: 1_000,
      steps: [step('database', calls, () => sleep(5))],
    });
    const first = shutdown('SIGTERM');
    const second = shutdown('SIGINT');
    expect(second).toBe(first);
    await first;
    expect(shutdown()).toBe(first);
    expect(calls).toEqual(['database']);
  });
});
