import type { QueueTransport, TargetedFetchQueue } from '@mwl/queue';
import type { ServiceUnit } from '@mwl/runtime';
import type { Logger } from '@mwl/sources';
import type { Fetcher } from './fetcher.ts';
import { processTargetedFetch } from './targeted-fetch.job.ts';

export interface TargetedFetchUnitDeps {
  /** Where the api's Data Entry Triggers arrive (BullMQ in containers, in-process in `start`). */
  queue: TargetedFetchQueue;
  /** Started before this unit: its sources are the ones consumed. */
  fetcher: Fetcher;
  transport: Pick<QueueTransport, 'publishSnapshot'>;
  logger: Logger;
}

/**
 * Targeted fetches (REDCap Data Entry Triggers) of the sources this fetcher runs, as a service
 * unit: each request is read with the plugin's `fetchKeys` and published as a targeted snapshot.
 * The periodic sync still catches what a trigger misses.
 */
export function createTargetedFetchUnit(deps: TargetedFetchUnitDeps): ServiceUnit {
  return {
    name: 'targeted fetches',
    start: () =>
      deps.queue.consume(
        (job) =>
          processTargetedFetch(job, {
            sourceOf: (name) => deps.fetcher.runtimeSource(name),
            transport: deps.transport,
            clock: () => new Date(),
            logger: deps.logger,
          }),
        deps.fetcher.status().map((source) => source.name),
      ),
    stop: () => deps.queue.close(),
  };
}
