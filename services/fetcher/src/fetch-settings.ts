import { z } from 'zod';
import { FetcherConfigError } from './errors.ts';

/**
 * How the fetcher syncs one source: keys of its `data_sources[]` entry, next to Pylantir's
 * `sync_interval`. Every key is optional; the defaults suit a REDCap project polled every minute.
 *
 * - `full_snapshot_interval` (seconds, default 3600; 0 = never): how often a complete snapshot of
 *   the schedule window is taken, so that deleted records and removed repeat instances leave the
 *   worklist. The first fetch of a source is always a full snapshot (unless 0).
 * - `lookback_days` (default 1) and `horizon_days` (default 14): the schedule window, rows whose
 *   scheduled start is in [now - lookback, now + horizon). Full snapshots cover exactly it;
 *   incremental fetches drop rows scheduled outside it (an edit to an old visit is not re-listed).
 * - `cursor_overlap` (seconds, default 300): incremental fetches ask for changes since the cursor
 *   minus this, against clock skew between REDCap and us and saves in flight at the cursor.
 * - `backfill_days` (default 7): an incremental fetch without a cursor (full snapshots off, or
 *   none recorded yet) asks for the changes of this many days.
 * - `stale_after_intervals` (default 3): the fetcher's readiness check fails, and
 *   `mwl_fetcher_source_stale` is 1, once the source's last successful sync is older than this
 *   many `sync_interval`s (inside its operation window).
 */
const seconds = (max: number) =>
  z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(0, { error: 'must not be negative' })
    .max(max, { error: `must be at most ${max} seconds` });
const days = (min: number, max: number) =>
  z
    .number({ error: 'must be a number of days' })
    .min(min, { error: `must be at least ${min} days` })
    .max(max, { error: `must be at most ${max} days` });

export const fetchSettingsSchema = z.object({
  sync_interval: z.number().int().positive().default(60),
  full_snapshot_interval: seconds(30 * 24 * 3600).default(3600),
  lookback_days: days(0, 366).default(1),
  horizon_days: days(1 / 24, 3660).default(14),
  cursor_overlap: seconds(24 * 3600).default(300),
  backfill_days: days(0, 3660).default(7),
  stale_after_intervals: z
    .number({ error: 'must be a number of intervals' })
    .int({ error: 'must be a whole number of intervals' })
    .min(1, { error: 'must be at least 1' })
    .max(10_000, { error: 'must be at most 10000' })
    .default(3),
});

/** The keys this schema reads from a `data_sources[]` entry. */
export const FETCH_SETTING_KEYS = Object.keys(fetchSettingsSchema.shape);

export interface FetchSettings {
  everyMs: number;
  /** 0: never take full snapshots. */
  fullEveryMs: number;
  lookbackMs: number;
  horizonMs: number;
  overlapMs: number;
  backfillMs: number;
  /** The source is stale once its last successful sync is older than this many intervals. */
  staleAfterIntervals: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Reads the fetch settings of a `data_sources[]` entry (other keys are the config schema's). */
export function fetchSettingsOf(source: { name: string } & Record<string, unknown>): FetchSettings {
  const picked = Object.fromEntries(
    FETCH_SETTING_KEYS.flatMap((key) => (key in source ? [[key, source[key]]] : [])),
  );
  const parsed = fetchSettingsSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: `data_sources[${source.name}].${issue.path.map(String).join('.')}`,
      message: issue.message,
    }));
    throw new FetcherConfigError(
      `source "${source.name}": invalid fetch settings (${problems.map((p) => `${p.path}: ${p.message}`).join('; ')})`,
      problems,
    );
  }
  const s = parsed.data;
  return {
    everyMs: s.sync_interval * 1000,
    fullEveryMs: s.full_snapshot_interval * 1000,
    lookbackMs: Math.round(s.lookback_days * DAY_MS),
    horizonMs: Math.round(s.horizon_days * DAY_MS),
    overlapMs: s.cursor_overlap * 1000,
    backfillMs: Math.round(s.backfill_days * DAY_MS),
    staleAfterIntervals: s.stale_after_intervals,
  };
}
