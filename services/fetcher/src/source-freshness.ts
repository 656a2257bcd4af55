import { isInOperationWindow } from '@mwl/config';
import type { Logger } from '@mwl/observability';
import { StaleSourcesError } from './errors.ts';
import type { FetcherMetrics } from './fetcher-metrics.ts';
import type { RuntimeSource, TickOutcome } from './run-source-tick.ts';
import type { ReadSourceProgress } from './source-progress.ts';

export interface SourceFreshnessDeps {
  sources: readonly RuntimeSource[];
  readProgress: ReadSourceProgress;
  clock: () => Date;
  logger: Logger;
  metrics?: FetcherMetrics;
}

export interface SourceFreshness {
  /** A tick of the source ended in this process. */
  noteTick(source: string, outcome: TickOutcome['outcome'], at: Date): void;
  /**
   * Checks every source: rejects with `StaleSourcesError` naming those whose last successful sync
   * is older than `stale_after_intervals` × `sync_interval`. Updates the metrics, logs changes.
   */
  check(): Promise<void>;
}

/**
 * Whether each source still syncs. A source's last success is the latest of: the start of the
 * latest fetch the writer stored (from the database, so a tick run by another replica counts),
 * a snapshot this process published, and any moment the source was outside its operation window
 * (nothing was expected then). Until a source has had its intervals since this fetcher started,
 * it is not stale.
 */
export function createSourceFreshness(deps: SourceFreshnessDeps): SourceFreshness {
  const { logger, metrics } = deps;
  const startedAt = deps.clock().getTime();
  /** In-process evidence that the source is fine (published, or nothing expected). */
  const fineAt = new Map<string, number>();
  const stale = new Set<string>();

  const mark = (source: string, at: number) => fineAt.set(source, Math.max(fineAt.get(source) ?? 0, at));

  async function storedAt(source: RuntimeSource): Promise<number> {
    try {
      return (await deps.readProgress(source.name)).modifiedUntil?.getTime() ?? 0;
    } catch {
      return 0; // The database is away: the postgres readiness check reports that, not this one.
    }
  }

  async function assess(source: RuntimeSource, now: Date) {
    if (!isInOperationWindow(source.operationInterval, now, source.timezone))
      mark(source.name, now.getTime());
    const staleAfterMs = source.settings.everyMs * source.settings.staleAfterIntervals;
    const success = Math.max(await storedAt(source), fineAt.get(source.name) ?? 0);
    const ageMs = now.getTime() - Math.max(success, startedAt);
    const lastSuccessAt = success > 0 ? new Date(success) : undefined;
    return { name: source.name, stale: ageMs > staleAfterMs, ageMs, lastSuccessAt, staleAfterMs };
  }

  return {
    noteTick(source, outcome, at) {
      if (outcome === 'published' || outcome === 'outside_window') mark(source, at.getTime());
    },

    async check() {
      const now = deps.clock();
      const results = await Promise.all(deps.sources.map((source) => assess(source, now)));
      for (const result of results) {
        metrics?.freshness(result.name, result.stale, Math.max(0, result.ageMs) / 1000);
        const fields = {
          source: result.name,
          lastSuccessAt: result.lastSuccessAt?.toISOString() ?? null,
          staleAfterMs: result.staleAfterMs,
        };
        if (result.stale && !stale.has(result.name)) {
          stale.add(result.name);
          logger.error(fields, 'source has not synced for stale_after_intervals: readiness fails');
        } else if (!result.stale && stale.delete(result.name)) {
          logger.info(fields, 'source syncs again');
        }
      }
      const staleOnes = results.filter((r) => r.stale);
      if (staleOnes.length > 0) throw new StaleSourcesError(staleOnes);
    },
  };
}
