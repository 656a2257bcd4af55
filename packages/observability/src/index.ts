export * from './errors.ts';
export { PHI_KEYS, REDACTED, isPhiKey, normalizeKey } from './phi-keys.ts';
export { scrubPhi } from './scrub-phi.ts';
export { createLogger, type CreateLoggerOptions, type Logger } from './logger.ts';
export {
  assertMetricName,
  createMetrics,
  type Counter,
  type CreateMetricsOptions,
  type Gauge,
  type Histogram,
  type Metrics,
  type Registry,
} from './metrics.ts';
export { createHealthServer, type CreateHealthServerOptions, type HealthServer } from './health-server.ts';
export {
  describeCheckError,
  runReadinessChecks,
  type CheckResult,
  type HealthCheck,
  type ReadinessReport,
} from './readiness.ts';
export {
  createShutdown,
  type CreateShutdownOptions,
  type Shutdown,
  type ShutdownReport,
  type ShutdownStep,
} from './shutdown.ts';
export {
  createClusterMetricsSource,
  shareMetricsWithClusterPrimary,
  type MetricsSource,
} from './cluster-metrics.ts';
