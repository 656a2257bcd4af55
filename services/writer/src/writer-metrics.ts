import type { Metrics } from '@mwl/observability';
import type { JobFinishedEvent, QueueStats } from '@mwl/queue';

export type RowOutcome = 'inserted' | 'updated' | 'unchanged' | 'reactivated' | 'cancelled' | 'rejected';

/** The writer's metrics; every method is safe to call from a job handler. */
export interface WriterMetrics {
  jobFinished(event: JobFinishedEvent): void;
  rows(outcome: RowOutcome, count: number): void;
  snapshot(outcome: string): void;
  /** Queue depth and lag gauges read `stats` at each scrape. */
  observeQueues(stats: () => Promise<QueueStats[]>): void;
}

export function createWriterMetrics(metrics: Metrics): WriterMetrics {
  const jobs = metrics.counter({
    name: 'mwl_writer_jobs_total',
    help: 'Jobs the writer ran, by queue and outcome (completed, retrying, failed).',
    labelNames: ['queue', 'outcome'],
  });
  const duration = metrics.histogram({
    name: 'mwl_writer_job_duration_seconds',
    help: 'Time spent in a job handler, by queue.',
    labelNames: ['queue'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const rows = metrics.counter({
    name: 'mwl_writer_rows_total',
    help: 'Worklist rows by outcome (inserted, updated, unchanged, reactivated, cancelled, rejected).',
    labelNames: ['outcome'],
  });
  const snapshots = metrics.counter({
    name: 'mwl_writer_snapshots_total',
    help: 'Snapshots reconciled, by outcome (succeeded, held, failed).',
    labelNames: ['outcome'],
  });
  let readStats: (() => Promise<QueueStats[]>) | undefined;
  let lastStats: Promise<QueueStats[]> | undefined;
  // One stats read per scrape, shared by both gauges; a failed read leaves the gauges as they were.
  const statsForScrape = () =>
    (lastStats ??= (readStats?.() ?? Promise.resolve([])).finally(() => (lastStats = undefined)));
  metrics.gauge({
    name: 'mwl_writer_queue_waiting_jobs',
    help: 'Jobs waiting to run, by queue.',
    labelNames: ['queue'],
    async collect() {
      for (const s of await statsForScrape().catch(() => [])) this.set({ queue: s.queue }, s.waiting);
    },
  });
  metrics.gauge({
    name: 'mwl_writer_queue_lag_seconds',
    help: 'Age of the oldest job waiting to run, by queue (0 when none waits).',
    labelNames: ['queue'],
    async collect() {
      for (const s of await statsForScrape().catch(() => []))
        this.set({ queue: s.queue }, s.oldestWaitingMs / 1000);
    },
  });

  return {
    jobFinished(event) {
      jobs.inc({ queue: event.kind, outcome: event.outcome });
      duration.observe({ queue: event.kind }, event.durationMs / 1000);
    },
    rows(outcome, count) {
      if (count > 0) rows.inc({ outcome }, count);
    },
    snapshot(outcome) {
      snapshots.inc({ outcome });
    },
    observeQueues(stats) {
      readStats = stats;
    },
  };
}
