// The fetcher as a library, for the single-process embedded mode (services/cli) and tests.
export { createFetcher, type Fetcher, type FetcherDeps } from './fetcher.ts';
export { buildSources, selectSources, type SourceStatus } from './build-sources.ts';
export {
  processSourceTick,
  type RuntimeSource,
  type SourceTickDeps,
  type TickOutcome,
} from './run-source-tick.ts';
export { planFetch, type FetchPlan, type FetchReason, type SourceProgress } from './fetch-plan.ts';
export {
  FETCH_SETTING_KEYS,
  fetchSettingsOf,
  fetchSettingsSchema,
  type FetchSettings,
} from './fetch-settings.ts';
export { createSourceProgressReader, type ReadSourceProgress } from './source-progress.ts';
export { createFetcherMetrics, type FetcherMetrics, type FetchOutcome } from './fetcher-metrics.ts';
export { describeFetchFailure, type FetchFailure } from './fetch-failure.ts';
export { snapshotIdFor } from './snapshot-id.ts';
export { fetcherEnvSchema, parseFetcherArgs, type FetcherEnv } from './env.ts';
export * from './errors.ts';
export { processTargetedFetch, type TargetedFetchDeps } from './targeted-fetch.job.ts';
