import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { InvalidMetricNameError } from './errors.ts';
import { assertMetricName, createMetrics } from './metrics.ts';

describe('createMetrics', () => {
  it('gives each call a registry of its own, so the same names register twice', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.counter({ name: 'mwl_writer_entries_upserted_total', help: 'Entries written.' }).inc(3);
    second.counter({ name: 'mwl_writer_entries_upserted_total', help: 'Entries written.' }).inc(5);
    expect(first.registry).not.toBe(second.registry);
    expect(await first.registry.metrics()).toContain('mwl_writer_entries_upserted_total 3');
    expect(await second.registry.metrics()).toContain('mwl_writer_entries_upserted_total 5');
    expect(globalRegistry.getSingleMetric('mwl_writer_entries_upserted_total')).toBeUndefined();
  });

  it('registers counters, gauges and histograms with their labels', async () => {
    const metrics = createMetrics();
    metrics
      .counter({ name: 'mwl_gateway_cfind_requests_total', help: 'C-FIND requests.', labelNames: ['status'] })
      .inc({ status: 'success' });
    metrics.gauge({ name: 'mwl_gateway_associations_open_count', help: 'Open associations.' }).set(2);
    metrics
      .histogram({ name: 'mwl_gateway_cfind_duration_seconds', help: 'C-FIND time.', buckets: [0.1, 1] })
      .observe(0.05);
    const text = await metrics.registry.metrics();
    expect(text).toContain('mwl_gateway_cfind_requests_total{status="success"} 1');
    expect(text).toContain('mwl_gateway_associations_open_count 2');
    expect(text).toContain('mwl_gateway_cfind_duration_seconds_bucket{le="0.1"} 1');
  });

  it('collects process metrics under the prefix only when asked', async () => {
    expect(await createMetrics().registry.metrics()).toBe('\n');
    const text = await createMetrics({ defaultMetrics: true }).registry.metrics();
    expect(text).toContain('mwl_process_cpu_user_seconds_total');
  });

  it('rejects a metric name that breaks the convention', () => {
    expect(() => createMetrics().gauge({ name: 'queue_depth', help: 'x' })).toThrow(InvalidMetricNameError);
  });
});

describe('assertMetricName', () => {
  it.each([
    ['mwl_writer_entries_upserted_total', 'counter'],
    ['mwl_gateway_cfind_duration_seconds', 'histogram'],
    ['mwl_queue_jobs_waiting_count', 'gauge'],
  ] as const)('accepts %s as a %s', (name, kind) => {
    expect(() => assertMetricName(name, 'mwl_', kind)).not.toThrow();
  });

  it.each([
    ['writer_entries_upserted_total', 'counter', 'must start with'],
    ['mwl_Writer_entries_total', 'counter', 'snake_case'],
    ['mwl_writer_entries__total', 'counter', 'snake_case'],
    ['mwl_writer_total', 'counter', '<subsystem>_<name>_<unit>'],
    ['mwl_writer_entries_upserted', 'counter', '_total'],
  ] as const)('rejects %s as a %s (%s)', (name, kind, reason) => {
    expect(() => assertMetricName(name, 'mwl_', kind)).toThrow(reason);
  });
});
