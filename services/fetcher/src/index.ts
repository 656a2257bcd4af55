// @mwl/fetcher: the fetcher service. `fetcherCommand` runs it as its own process;
// `createFetcherService` is what `mwl-bridge start` composes with the others.
export { fetcherCommand } from './fetcher-command.ts';
export { runFetcher, type RunFetcherOptions } from './run-fetcher.ts';
export { createFetcherService, type FetcherService, type FetcherServiceDeps } from './fetcher-service.ts';
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
export { createSourceFreshness, type SourceFreshness, type SourceFreshnessDeps } from './source-freshness.ts';
export { describeFetchFailure, type FetchFailure } from './fetch-failure.ts';
export { snapshotIdFor } from './snapshot-id.ts';
export { fetcherEnvSchema, fetcherEnvShape, sourceListSchema, type FetcherEnv } from './env.ts';
export * from './errors.ts';
export { processTargetedFetch, type TargetedFetchDeps } from './targeted-fetch.job.ts';
export { createTargetedFetchUnit, type TargetedFetchUnitDeps } from './targeted-fetch-unit.ts';
