import type { ServiceUnit } from '@mwl/runtime';
import type { SourceStatus } from './build-sources.ts';
import { FetcherConfigError } from './errors.ts';
import { createFetcher, type Fetcher, type FetcherDeps } from './fetcher.ts';

export interface FetcherService extends ServiceUnit {
  fetcher: Fetcher;
  status(): SourceStatus[];
}

export interface FetcherServiceDeps extends FetcherDeps {
  /**
   * When no source can run: false (a fetcher container) fails to start, so its supervisor says
   * so; true (`mwl-bridge start`) logs it and keeps serving the stored worklist.
   */
  tolerateNoSources: boolean;
}

/** The fetchers of the configured sources as one service unit: ticks on start, stops ticking on stop. */
export function createFetcherService(deps: FetcherServiceDeps): FetcherService {
  const fetcher = createFetcher(deps);
  return {
    name: 'fetcher',
    fetcher,
    status: () => fetcher.status(),
    async start() {
      try {
        return await fetcher.start();
      } catch (error) {
        if (!deps.tolerateNoSources || !(error instanceof FetcherConfigError)) throw error;
        deps.logger.warn(
          { code: error.code, reason: error.message },
          'no source is fetched; serving the stored worklist',
        );
        return fetcher.status();
      }
    },
    // Stops ticking and aborts fetches in flight, which record their failure through the queue
    // (still open: the caller closes it after this).
    stop: () => fetcher.close(),
  };
}
