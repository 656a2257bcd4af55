import type { FetchSettings } from './fetch-settings.ts';

/** What the database says about a source's past fetches (see `source-progress.ts`). */
export interface SourceProgress {
  /**
   * Every change made in the source before this instant is durably in the worklist: the start
   * of the latest fetch the writer stored whole (an incremental one, or a complete snapshot).
   * Null before the first.
   */
  modifiedUntil: Date | null;
  /** Start of the latest complete full snapshot the writer reconciled. */
  lastFullSnapshotAt: Date | null;
}

export type FetchReason =
  /** No full snapshot yet: the first one backfills the whole schedule window. */
  | 'first-run'
  /** The last full snapshot is older than `full_snapshot_interval`. */
  | 'full-due'
  /** Changes since the cursor (minus the overlap). */
  | 'cursor'
  /** No cursor: changes of the last `backfill_days`. */
  | 'backfill'
  /**
   * The source has no modification time (Calpendo): every tick is a full fetch of the window the
   * plugin gives; complete only when the plugin says it read the whole window.
   */
  | 'window-source';

export interface FetchPlan {
  kind: 'full' | 'incremental';
  reason: FetchReason;
  /** Full: the schedule window. Incremental: the modification range `[from, to)`, `to` = now. */
  from: Date;
  to: Date;
  /** The schedule window `[now - lookback, now + horizon)`: what a full snapshot covers. */
  scheduled: { from: Date; to: Date };
}

export interface PlanFetchInput {
  now: Date;
  settings: FetchSettings;
  progress: SourceProgress;
  /**
   * When this process last published a complete full snapshot of the source. Until the writer
   * has reconciled it, the database does not show it; this keeps a slow writer from being sent
   * a full snapshot on every tick.
   */
  lastFullPublishedAt?: Date;
  /** The source's own window at `now` (a source without modification time): always a full fetch of it. */
  sourceWindow?: { from: Date; to: Date };
}

/** Decides what a tick fetches. Pure: the same inputs give the same plan. */
export function planFetch(input: PlanFetchInput): FetchPlan {
  const { now, settings, progress } = input;
  if (input.sourceWindow) {
    const window = { from: input.sourceWindow.from, to: input.sourceWindow.to };
    return { kind: 'full', reason: 'window-source', ...window, scheduled: window };
  }
  const at = now.getTime();
  const scheduled = { from: new Date(at - settings.lookbackMs), to: new Date(at + settings.horizonMs) };
  const olderThanInterval = (time: Date | null | undefined) =>
    time == null || at - time.getTime() >= settings.fullEveryMs;

  const fullDue =
    settings.fullEveryMs > 0 &&
    olderThanInterval(progress.lastFullSnapshotAt) &&
    olderThanInterval(input.lastFullPublishedAt);
  if (fullDue) {
    const reason = progress.lastFullSnapshotAt === null ? 'first-run' : 'full-due';
    return { kind: 'full', reason, from: scheduled.from, to: scheduled.to, scheduled };
  }

  let from: number;
  let reason: FetchReason;
  if (progress.modifiedUntil) {
    reason = 'cursor';
    // A cursor ahead of our clock (the clock went back): still look back the overlap from now.
    from = Math.min(progress.modifiedUntil.getTime(), at) - settings.overlapMs;
  } else {
    reason = 'backfill';
    from = at - settings.backfillMs;
  }
  // The range must not be empty: at least one second.
  from = Math.min(from, at - 1000);
  return { kind: 'incremental', reason, from: new Date(from), to: now, scheduled };
}
