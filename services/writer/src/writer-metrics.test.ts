import { createMetrics } from '@mwl/observability';
import { describe, expect, it } from 'vitest';
import { createWriterMetrics } from './writer-metrics.ts';

describe('writer metrics', () => {
  it('counts jobs by queue and outcome, and rows by outcome', async () => {
    const metrics = createMetrics();
    const writer = createWriterMetrics(metrics);
    writer.jobFinished({ kind: 'entries', outcome: 'completed', durationMs: 12 });
    writer.jobFinished({ kind: 'entries', outcome: 'retrying', durationMs: 3, errorCode: 'MWL_ERR_X' });
    writer.rows('inserted', 1000);
    writer.rows('unchanged', 0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('mwl_writer_jobs_total{queue="entries",outcome="completed"} 1');
    expect(text).toContain('mwl_writer_jobs_total{queue="entries",outcome="retrying"} 1');
    expect(text).toContain('mwl_writer_rows_total{outcome="inserted"} 1000');
    expect(text).not.toContain('outcome="unchanged"');
  });

  it('reads queue depth and lag at scrape time', async () => {
    const metrics = createMetrics();
    const writer = createWriterMetrics(metrics);
    let reads = 0;
    writer.observeQueues(() => {
      reads += 1;
      return Promise.resolve([
        {
          kind: 'entries',
          queue: 'mwl-entries',
          waiting: 7,
          active: 2,
          delayed: 0,
          failed: 1,
          oldestWaitingMs: 1500,
        },
      ]);
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('mwl_writer_queue_waiting_jobs{queue="mwl-entries"} 7');
    expect(text).toContain('mwl_writer_queue_lag_seconds{queue="mwl-entries"} 1.5');
    expect(reads).toBe(1);
  });

  it('keeps scraping when the queue cannot be read', async () => {
    const metrics = createMetrics();
    const writer = createWriterMetrics(metrics);
    writer.observeQueues(() => Promise.reject(new Error('redis away')));
    await expect(metrics.registry.metrics()).resolves.toContain('mwl_writer_queue_waiting_jobs');
  });
});
