import { mapRowsInBatches, type MapRowsOptions, type MapRowsResult } from '../mapping/map-rows.ts';
import type { FetchBatch, FetchStats } from '../plugin.ts';
import { selectRows, type RedcapRow, type RowSelection } from './rows.ts';

export type { WindowFilter } from '../mapping/map-rows.ts';

export interface ProcessRowsOptions extends MapRowsOptions {
  recordIdField: string;
  selection: RowSelection;
}

export interface ProcessRowsResult extends MapRowsResult {
  stats: FetchStats;
}

/** Selects REDCap's candidate rows, then maps and batches them; returns the totals when done. */
export function* processRows(
  rows: readonly RedcapRow[],
  options: ProcessRowsOptions,
): Generator<FetchBatch, ProcessRowsResult, void> {
  const { selected, skipped } = selectRows(rows, options.recordIdField, options.selection);
  const stats: FetchStats = { rows: rows.length, entries: 0, rejections: 0, skipped, outsideWindow: 0 };
  const candidates = selected.map((row) => ({
    row: row.values,
    sourceKey: row.sourceKey,
    rawRef: row.rawRef,
  }));
  const result = yield* mapRowsInBatches(candidates, options, stats);
  return { ...result, stats };
}
