import type { WorklistEntry } from '@mwl/domain';
import { mapRow, type EntryMapping, type MapContext } from '../mapping/map-entry.ts';
import type { FetchBatch, FetchStats } from '../plugin.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
import { selectRows, type RedcapRow, type RowSelection } from './rows.ts';

/** Entries (and dated rejections) scheduled outside [from, to) are dropped. */
export interface WindowFilter {
  from: Date;
  to: Date;
}

export interface ProcessRowsOptions {
  recordIdField: string;
  selection: RowSelection;
  /** When set, candidates whose field of this name is empty are skipped instead of rejected. */
  skipWithoutDate?: string;
  mapping: EntryMapping;
  context: MapContext;
  window?: WindowFilter;
  batchSize: number;
  /** Collect the keys seen and rejected (complete snapshots). */
  trackKeys: boolean;
}

export interface ProcessRowsResult {
  stats: FetchStats;
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

/** Selects, maps and batches exported rows; returns the totals when done. */
export function* processRows(
  rows: readonly RedcapRow[],
  options: ProcessRowsOptions,
): Generator<FetchBatch, ProcessRowsResult, void> {
  const { selected, skipped } = selectRows(rows, options.recordIdField, options.selection);
  const stats: FetchStats = { rows: rows.length, entries: 0, rejections: 0, skipped, outsideWindow: 0 };
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

  for (const row of selected) {
    if (options.skipWithoutDate !== undefined && (row.values[options.skipWithoutDate] ?? '').trim() === '') {
      stats.skipped++;
      continue;
    }
    const result = mapRow(
      options.mapping,
      { row: row.values, sourceKey: row.sourceKey, rawRef: row.rawRef },
      options.context,
    );
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
      if (options.trackKeys) seenKeys.push(row.sourceKey);
    } else {
      rejections.push(result.rejection);
      stats.rejections++;
      if (options.trackKeys) rejectedKeys.push(row.sourceKey);
    }
    if (entries.length + rejections.length >= options.batchSize) yield flush();
  }
  if (entries.length + rejections.length + warnings.length > 0) yield flush();
  return { stats, seenKeys, rejectedKeys, warningCounts };
}
