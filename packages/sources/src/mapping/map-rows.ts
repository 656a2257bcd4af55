import type { WorklistEntry } from '@mwl/domain';
import type { FetchBatch, FetchStats } from '../plugin.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
import { mapRow, type EntryMapping, type MapContext, type MapRowInput } from './map-entry.ts';

/** Entries (and dated rejections) scheduled outside [from, to) are dropped. */
export interface WindowFilter {
  from: Date;
  to: Date;
}

export interface MapRowsOptions {
  /** When set, candidates whose field of this name is empty are skipped instead of rejected. */
  skipWithoutDate?: string;
  mapping: EntryMapping;
  context: MapContext;
  window?: WindowFilter;
  batchSize: number;
  /** Collect the keys seen and rejected (complete snapshots). */
  trackKeys: boolean;
}

export interface MapRowsResult {
  seenKeys: string[];
  rejectedKeys: string[];
  /** Warning code → count, for the log (the warnings themselves go in the batches). */
  warningCounts: Record<string, number>;
}

function inWindow(spsStartAt: string | undefined, window: WindowFilter | undefined): boolean {
  if (!window || spsStartAt === undefined) return true;
  const at = Date.parse(spsStartAt);
  return at >= window.from.getTime() && at < window.to.getTime();
}

/**
 * Maps candidate rows of any source, drops those outside the window and yields batches of
 * entries, rejections and warnings. Counts go into `stats` (entries, rejections, skipped,
 * outsideWindow); the caller owns `rows`.
 */
export function* mapRowsInBatches(
  candidates: Iterable<MapRowInput>,
  options: MapRowsOptions,
  stats: FetchStats,
): Generator<FetchBatch, MapRowsResult, void> {
  const seenKeys: string[] = [];
  const rejectedKeys: string[] = [];
  const warningCounts: Record<string, number> = {};
  let entries: WorklistEntry[] = [];
  let rejections: Rejection[] = [];
  let warnings: EntryWarning[] = [];
  const flush = (): FetchBatch => {
    const batch: FetchBatch = { type: 'batch', entries, rejections, warnings };
    entries = [];
    rejections = [];
    warnings = [];
    return batch;
  };

  for (const candidate of candidates) {
    if (
      options.skipWithoutDate !== undefined &&
      (candidate.row[options.skipWithoutDate] ?? '').trim() === ''
    ) {
      stats.skipped++;
      continue;
    }
    const result = mapRow(options.mapping, candidate, options.context);
    const at = result.ok ? result.entry.spsStartAt : result.spsStartAt;
    if (!inWindow(at, options.window)) {
      stats.outsideWindow++;
      continue;
    }
    if (result.ok) {
      // Warnings describe stored entries; a rejected row's rejection says enough.
      for (const warning of result.warnings)
        warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
      warnings.push(...result.warnings);
      entries.push(result.entry);
      stats.entries++;
      if (options.trackKeys) seenKeys.push(candidate.sourceKey);
    } else {
      rejections.push(result.rejection);
      stats.rejections++;
      if (options.trackKeys) rejectedKeys.push(candidate.sourceKey);
    }
    if (entries.length + rejections.length >= options.batchSize) yield flush();
  }
  if (entries.length + rejections.length + warnings.length > 0) yield flush();
  return { seenKeys, rejectedKeys, warningCounts };
}
