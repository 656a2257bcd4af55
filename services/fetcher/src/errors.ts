import { MwlError } from '@mwl/domain';

/**
 * The fetcher's error catalog. Messages name sources, settings and plugins, never a patient value.
 */

/** The fetcher cannot run as configured (unknown source names, nothing to run). */
export class FetcherConfigError extends MwlError {
  readonly problems: readonly { path: string; message: string }[];

  constructor(message: string, problems: readonly { path: string; message: string }[] = []) {
    super('MWL_ERR_FETCHER_CONFIG', message);
    this.problems = problems;
  }
}

/** A source plugin broke its contract (no `end` event, a batch after it, two ends). */
export class FetchProtocolError extends MwlError {
  constructor(message: string) {
    super('MWL_ERR_FETCH_PROTOCOL', message);
  }
}

/** The fetch was stopped: the fetcher is shutting down, or the tick lost its lock. */
export class FetchAbortedError extends MwlError {
  constructor(options?: { cause?: unknown }) {
    super(
      'MWL_ERR_FETCH_ABORTED',
      'the fetch was stopped before it finished (shutdown or lost lock)',
      options,
    );
  }
}

/** The fetcher could not read the source's sync progress from the database. */
export class SyncProgressError extends MwlError {
  constructor(options?: { cause?: unknown }) {
    super(
      'MWL_ERR_FETCH_PROGRESS',
      'the sync progress (cursor) could not be read from the database',
      options,
    );
  }
}

/** Sources whose last successful sync is older than their `stale_after_intervals` (readiness). */
export class StaleSourcesError extends MwlError {
  readonly sources: readonly string[];

  constructor(stale: readonly { name: string; lastSuccessAt: Date | undefined; staleAfterMs: number }[]) {
    super(
      'MWL_ERR_FETCHER_SOURCE_STALE',
      stale
        .map(
          (s) =>
            `"${s.name}" has not synced for over ${Math.round(s.staleAfterMs / 1000)} s` +
            ` (last: ${s.lastSuccessAt?.toISOString() ?? 'never'})`,
        )
        .join('; '),
    );
    this.sources = stale.map((s) => s.name);
  }
}
