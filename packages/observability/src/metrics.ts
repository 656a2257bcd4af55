import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { InvalidMetricNameError } from './errors.ts';

export type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CreateMetricsOptions {
  /** Every metric name starts with it; default `mwl_`. Also prefixes the default process metrics. */
  prefix?: string;
  /** Collect Node's process metrics (CPU, memory, event loop lag, GC) into this registry. */
  defaultMetrics?: boolean;
}

type Config<C> = Omit<C, 'registers'>;

export interface Metrics {
  /** A registry of its own: nothing is registered on prom-client's global default registry. */
  readonly registry: Registry;
  counter<T extends string = string>(config: Config<CounterConfiguration<T>>): Counter<T>;
  gauge<T extends string = string>(config: Config<GaugeConfiguration<T>>): Gauge<T>;
  histogram<T extends string = string>(config: Config<HistogramConfiguration<T>>): Histogram<T>;
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/**
 * Checks `<prefix><subsystem>_<name>_<unit>`: the full name is written at the call site (so a name
 * seen on a dashboard can be found with grep), snake case, at least three parts after the prefix,
 * and counters end in `_total` as Prometheus expects.
 */
export function assertMetricName(
  name: string,
  prefix: string,
  kind: 'counter' | 'gauge' | 'histogram',
): void {
  if (!name.startsWith(prefix)) throw new InvalidMetricNameError(name, `must start with "${prefix}"`);
  const rest = name.slice(prefix.length);
  if (!SNAKE_CASE.test(rest)) throw new InvalidMetricNameError(name, 'must be lower snake_case');
  if (rest.split('_').length < 3) {
    throw new InvalidMetricNameError(name, `must read ${prefix}<subsystem>_<name>_<unit>`);
  }
  if (kind === 'counter' && !rest.endsWith('_total')) {
    throw new InvalidMetricNameError(name, 'is a counter and must end in "_total"');
  }
}

/** A new registry per call, with helpers that register on it and check the naming convention. */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'mwl_';
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix });

  return {
    registry,
    counter(config) {
      assertMetricName(config.name, prefix, 'counter');
      return new Counter({ ...config, registers: [registry] });
    },
    gauge(config) {
      assertMetricName(config.name, prefix, 'gauge');
      return new Gauge({ ...config, registers: [registry] });
    },
    histogram(config) {
      assertMetricName(config.name, prefix, 'histogram');
      return new Histogram({ ...config, registers: [registry] });
    },
  };
}
