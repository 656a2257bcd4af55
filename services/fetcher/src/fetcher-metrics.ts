import type { Metrics } from '@mwl/observability';

export type FetchOutcome = 'published' | 'failed' | 'outside_window' | 'stale';

/** The fetcher's per-source metrics; every method is cheap and never throws. */
export interface FetcherMetrics {
  /** A tick ended; `kind` is `none` when nothing was fetched (outside the window, stale). */
  fetch(source: string, kind: string, outcome: FetchOutcome, durationSeconds?: number): void;
  published(source: string, entries: number, rejections: number): void;
  /** 1 while the source's last startup check or fetch succeeded, else 0. */
  sourceHealthy(source: string, healthy: boolean): void;
  /** The freshness check ran: whether the source is stale, and the age of its last success. */
  freshness(source: string, stale: boolean, ageSeconds: number): void;
}

export function createFetcherMetrics(metrics: Metrics): FetcherMetrics {
  const fetches = metrics.counter({
    name: 'mwl_fetcher_fetches_total',
    help: 'Fetch ticks by source, kind (full, incremental, none) and outcome (published, failed, outside_window, stale).',
    labelNames: ['source', 'kind', 'outcome'],
  });
  const entries = metrics.counter({
    name: 'mwl_fetcher_entries_total',
    help: 'Worklist entries published, by source.',
    labelNames: ['source'],
  });
  const rejections = metrics.counter({
    name: 'mwl_fetcher_rejections_total',
    help: 'Source rows rejected (no valid date, missing field...), by source.',
    labelNames: ['source'],
  });
  const duration = metrics.histogram({
    name: 'mwl_fetcher_fetch_duration_seconds',
    help: 'Time from the start of a fetch to its snapshot (or failure) being published, by source and kind.',
    labelNames: ['source', 'kind'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  });
  const lastSuccess = metrics.gauge({
    name: 'mwl_fetcher_last_success_timestamp_seconds',
    help: 'When a fetch of the source was last published (Unix time).',
    labelNames: ['source'],
  });
  const healthy = metrics.gauge({
    name: 'mwl_fetcher_source_healthy',
    help: '1 while the source passed its startup check or last fetch, 0 when it failed.',
    labelNames: ['source'],
  });
  const staleGauge = metrics.gauge({
    name: 'mwl_fetcher_source_stale',
    help: '1 while the last successful sync of the source is older than its stale_after_intervals, else 0.',
    labelNames: ['source'],
  });
  const age = metrics.gauge({
    name: 'mwl_fetcher_last_success_age_seconds',
    help: 'Seconds since the last successful sync of the source (stored by the writer, or published here).',
    labelNames: ['source'],
  });

  return {
    fetch(source, kind, outcome, durationSeconds) {
      fetches.inc({ source, kind, outcome });
      if (durationSeconds !== undefined) duration.observe({ source, kind }, durationSeconds);
      if (outcome === 'published') {
        lastSuccess.set({ source }, Date.now() / 1000);
        healthy.set({ source }, 1);
      } else if (outcome === 'failed') {
        healthy.set({ source }, 0);
      }
    },
    published(source, entryCount, rejectionCount) {
      entries.inc({ source }, entryCount);
      rejections.inc({ source }, rejectionCount);
    },
    sourceHealthy(source, ok) {
      healthy.set({ source }, ok ? 1 : 0);
    },
    freshness(source, isStale, ageSeconds) {
      staleGauge.set({ source }, isStale ? 1 : 0);
      age.set({ source }, Math.round(ageSeconds));
    },
  };
}
