import { createFetcherMetrics } from '@mwl/fetcher';
import { createGatewayMetrics } from '@mwl/gateway';
import { createMetrics } from '@mwl/observability';
import { createWriterMetrics } from '@mwl/writer';

/** Series Prometheus itself adds to every scrape. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'];

/**
 * Every series name the services expose: each service's metrics registered on one registry with
 * the default process metrics, as their main.ts does, histograms with their _bucket/_sum/_count.
 */
export function knownMetricNames(): Set<string> {
  const metrics = createMetrics({ defaultMetrics: true });
  createFetcherMetrics(metrics);
  createGatewayMetrics(metrics);
  createWriterMetrics(metrics);
  const names = new Set(PROMETHEUS_SERIES);
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}
