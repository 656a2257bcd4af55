import { AggregatorRegistry, type Registry } from 'prom-client';

/** What `/metrics` serves: a registry, or the sum of several processes' registries. */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/**
 * In a process forked by node:cluster (a gateway process): answers the primary's requests for this
 * process's metrics from `registry` (prom-client's cluster protocol over the IPC channel).
 */
export function shareMetricsWithClusterPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // prom-client starts answering the primary when an AggregatorRegistry is first constructed in
  // the process (its constructor adds the IPC listener); the instance itself is not needed.
  new AggregatorRegistry();
}

/**
 * In the cluster's primary: `/metrics` asks every worker for its metrics and serves their sum
 * (counters and histograms added; gauges as prom-client's aggregators say), so a scrape of the
 * one health port sees the whole gateway. The primary's own process metrics are not included.
 */
export function createClusterMetricsSource(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return {
    metrics: () => aggregator.clusterMetrics(),
    contentType: aggregator.contentType,
  };
}
