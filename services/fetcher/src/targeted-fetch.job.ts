import type { JobOutcome, QueueTransport, TargetedFetchPayload } from '@mwl/queue';
import type { Logger } from '@mwl/sources';
import { collectFetch } from './collect-fetch.ts';
import type { RuntimeSource } from './run-source-tick.ts';
import { snapshotIdFor } from './snapshot-id.ts';

export interface TargetedFetchDeps {
  /** The running source of this name (`Fetcher.runtimeSource`), or undefined when not run here. */
  sourceOf(name: string): RuntimeSource | undefined;
  transport: Pick<QueueTransport, 'publishSnapshot'>;
  clock: () => Date;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * A targeted fetch (a REDCap Data Entry Trigger): reads the records with the plugin's `fetchKeys`
 * and publishes them as a targeted snapshot: never complete, so it cancels nothing; the writer
 * upserts what it holds and records a `targeted` sync run. Errors propagate for the queue to retry.
 */
export async function processTargetedFetch(
  job: TargetedFetchPayload,
  deps: TargetedFetchDeps,
): Promise<JobOutcome> {
  const source = deps.sourceOf(job.source);
  if (!source) {
    deps.logger.warn({ source: job.source }, 'targeted fetch for a source this fetcher does not run');
    return { outcome: 'skipped', reason: 'source-not-run-here' };
  }
  const fetchKeys = source.instance.fetchKeys?.bind(source.instance);
  if (!fetchKeys) {
    deps.logger.warn(
      { source: job.source },
      'the source cannot fetch single records; the periodic sync will',
    );
    return { outcome: 'skipped', reason: 'no-fetch-keys' };
  }
  const startedAt = deps.clock();
  const collected = await collectFetch(
    fetchKeys(job.recordIds, deps.signal ? { signal: deps.signal } : {}),
    deps.signal,
  );
  const snapshotId = snapshotIdFor(source.name, 'targeted', startedAt);
  await deps.transport.publishSnapshot({
    source: source.name,
    snapshotId,
    kind: 'targeted',
    window: null,
    complete: false,
    startedAt: startedAt.toISOString(),
    entries: collected.entries,
    rejections: collected.rejections,
    fetched: collected.end.stats.rows,
  });
  const outcome = {
    outcome: 'published',
    snapshotId,
    records: job.recordIds.length,
    entries: collected.entries.length,
    rejections: collected.rejections.length,
    sinceRequestMs: deps.clock().getTime() - Date.parse(job.requestedAt),
  };
  deps.logger.info({ source: source.name, ...outcome }, 'targeted fetch published');
  return outcome;
}
