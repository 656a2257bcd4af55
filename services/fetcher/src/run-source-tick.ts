import { isInOperationWindow, type OperationWindow } from '@mwl/config';
import type { QueueTransport, SnapshotStream, SnapshotWindow } from '@mwl/queue';
import type { Logger, SourceInstance } from '@mwl/sources';
import { readFetch } from './collect-fetch.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import { planFetch, type FetchPlan } from './fetch-plan.ts';
import type { FetchSettings } from './fetch-settings.ts';
import type { FetcherMetrics } from './fetcher-metrics.ts';
import { snapshotIdFor } from './snapshot-id.ts';
import type { ReadSourceProgress } from './source-progress.ts';

/** A configured source, ready to fetch. */
export interface RuntimeSource {
  name: string;
  instance: SourceInstance;
  settings: FetchSettings;
  operationInterval: OperationWindow | undefined;
  /** IANA zone of the operation window. */
  timezone: string;
  /**
   * A source without modification time (Calpendo): the window it covers at `now`. Every tick is
   * then a full fetch of it instead of the cursor/full-snapshot plan.
   */
  sourceWindow?: (now: Date) => { from: Date; to: Date };
  /** What this process remembers between ticks. */
  memory: { lastFullPublishedAt?: Date };
}

export interface SourceTickDeps {
  transport: Pick<QueueTransport, 'openSnapshot' | 'publishSyncFailure'>;
  readProgress: ReadSourceProgress;
  clock: () => Date;
  logger: Logger;
  metrics?: FetcherMetrics;
  /** Aborts the fetch (shutdown, lost lock): recorded as a failed run, nothing published. */
  signal?: AbortSignal;
  /** The snapshot id's random tail; tests fix it. */
  random?: () => string;
}

export type TickOutcome =
  | { outcome: 'outside_window' }
  | {
      outcome: 'published';
      snapshotId: string;
      plan: FetchPlan;
      complete: boolean;
      entries: number;
      rejections: number;
    }
  | {
      outcome: 'failed';
      snapshotId: string;
      plan: FetchPlan | undefined;
      code: string;
      /** False when even the failure could not be queued (Redis away): only the log has it. */
      recorded: boolean;
    };

const iso = (date: Date) => date.toISOString();
const windowOf = (range: { from: Date; to: Date }): SnapshotWindow => ({
  from: iso(range.from),
  to: iso(range.to),
});

/**
 * One tick of one source: outside its operation window, nothing. Else decide full snapshot or
 * incremental fetch (`planFetch`), and publish the plugin's fetch as one snapshot as it arrives
 * (`openSnapshot`: a large one is queued batch by batch, never held whole; complete only when it
 * is a full one the plugin saw whole), or, when anything fails, a sync failure with a clear code:
 * the writer records a failed SyncRun and cancels nothing. Never throws; one source's trouble
 * stays its own.
 */
export async function processSourceTick(source: RuntimeSource, deps: SourceTickDeps): Promise<TickOutcome> {
  const { logger, metrics, signal } = deps;
  const now = deps.clock();
  if (!isInOperationWindow(source.operationInterval, now, source.timezone)) {
    metrics?.fetch(source.name, 'none', 'outside_window');
    logger.debug({ source: source.name }, 'outside the operation window: no fetch');
    return { outcome: 'outside_window' };
  }
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let plan: FetchPlan | undefined;
  let snapshotId = snapshotIdFor(source.name, 'incremental', now, deps.random);
  let stream: SnapshotStream | undefined;
  try {
    const progress = await deps.readProgress(source.name);
    plan = planFetch({
      now,
      settings: source.settings,
      progress,
      lastFullPublishedAt: source.memory.lastFullPublishedAt,
      ...(source.sourceWindow ? { sourceWindow: source.sourceWindow(now) } : {}),
    });
    snapshotId = snapshotIdFor(source.name, plan.kind, now, deps.random);
    const request =
      plan.kind === 'full'
        ? { kind: 'full' as const, from: plan.from, to: plan.to, signal }
        : { kind: 'incremental' as const, from: plan.from, to: plan.to, scheduled: plan.scheduled, signal };
    stream = deps.transport.openSnapshot({
      source: source.name,
      snapshotId,
      kind: plan.kind,
      window: windowOf(plan.scheduled),
      startedAt: iso(now),
    });
    const open = stream;
    const fetched = await readFetch(source.instance.fetchWindow(request), (part) => open.add(part), signal);
    const complete = plan.kind === 'full' && fetched.end.complete;
    // Chained, not copied, and deduplicated where the snapshot is planned: a large project's keys
    // are then held once more at most while the final payload is built.
    const seenKeys = complete
      ? chainKeys(fetched.end.seenKeys ?? [], fetched.end.rejectedKeys ?? [])
      : undefined;
    await open.finish({ complete, ...(seenKeys ? { seenKeys } : {}) });
    if (complete) source.memory.lastFullPublishedAt = now;
    metrics?.fetch(source.name, plan.kind, 'published', seconds());
    metrics?.published(source.name, fetched.entries, fetched.rejections);
    logger.info(
      {
        source: source.name,
        snapshotId,
        kind: plan.kind,
        reason: plan.reason,
        complete,
        entries: fetched.entries,
        rejections: fetched.rejections,
        warnings: fetched.warningCounts,
        rows: fetched.end.stats.rows,
        ms: Math.round(seconds() * 1000),
      },
      'snapshot published',
    );
    return {
      outcome: 'published',
      snapshotId,
      plan,
      complete,
      entries: fetched.entries,
      rejections: fetched.rejections,
    };
  } catch (error) {
    const failure = describeFetchFailure(error, signal?.aborted === true);
    const kind = plan?.kind ?? 'incremental';
    logger.warn(
      { source: source.name, snapshotId, kind, code: failure.code, reason: failure.message },
      'fetch failed',
    );
    try {
      // Batches already queued are written; the run is recorded failed and cancels nothing.
      await stream?.abandon(failure);
    } catch (abandonError) {
      const { code, message } = describeFetchFailure(abandonError, false);
      logger.error(
        { source: source.name, snapshotId, code, reason: message },
        'could not abandon the snapshot',
      );
    }
    let recorded = false;
    try {
      await deps.transport.publishSyncFailure({
        source: source.name,
        snapshotId,
        kind,
        window: plan ? windowOf(plan.scheduled) : null,
        startedAt: iso(now),
        error: failure,
      });
      recorded = true;
    } catch (publishError) {
      const { code, message } = describeFetchFailure(publishError, false);
      logger.error(
        { source: source.name, snapshotId, code, reason: message },
        'could not record the failed fetch',
      );
    }
    metrics?.fetch(source.name, kind, 'failed', seconds());
    return { outcome: 'failed', snapshotId, plan, code: failure.code, recorded };
  }
}

function* chainKeys(...lists: readonly (readonly string[])[]): Generator<string> {
  for (const list of lists) yield* list;
}
