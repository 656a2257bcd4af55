import {
  createBatchMapper,
  type BatchMapper,
  type MapRowsOptions,
  type MapRowsResult,
} from '../mapping/map-rows.ts';
import type { FetchBatch, FetchStats } from '../plugin.ts';
import { createRecordGrouper } from './record-groups.ts';
import {
  selectRecord,
  selectRows,
  type KeyedRow,
  type RedcapRow,
  type RowSelection,
  type SelectedRow,
} from './rows.ts';

export type { WindowFilter } from '../mapping/map-rows.ts';

export interface ProcessRowsOptions extends MapRowsOptions {
  recordIdField: string;
  selection: RowSelection;
  /**
   * Read the whole export before selecting (rows of a record may then come in any order);
   * default: record by record as the rows arrive.
   */
  buffered?: boolean;
}

export interface ProcessRowsResult extends MapRowsResult {
  stats: FetchStats;
}

function* mapSelected(selected: readonly SelectedRow[], mapper: BatchMapper): Generator<FetchBatch> {
  for (const row of selected) {
    const batch = mapper.add({ row: row.values, sourceKey: row.sourceKey, rawRef: row.rawRef });
    if (batch) yield batch;
  }
}

/**
 * Selects REDCap's candidate rows record by record as the export arrives, maps them and yields
 * batches; returns the totals when done. Holds one record's rows and one batch at a time (and, for
 * a complete snapshot, the keys).
 */
export async function* processRows(
  rows: AsyncIterable<RedcapRow>,
  options: ProcessRowsOptions,
): AsyncGenerator<FetchBatch, ProcessRowsResult, void> {
  const stats: FetchStats = { rows: 0, entries: 0, rejections: 0, skipped: 0, outsideWindow: 0 };
  const mapper = createBatchMapper(options, stats);
  const select = (group: readonly KeyedRow[]) => {
    const result = selectRecord(group, options.selection);
    stats.skipped += result.skipped;
    return result.selected;
  };
  if (options.buffered) {
    const all: RedcapRow[] = [];
    for await (const row of rows) all.push(row);
    stats.rows = all.length;
    const { selected, skipped } = selectRows(all, options.recordIdField, options.selection);
    stats.skipped += skipped;
    yield* mapSelected(selected, mapper);
  } else {
    const grouper = createRecordGrouper(options.recordIdField);
    for await (const row of rows) {
      stats.rows++;
      const record = grouper.add(row);
      if (record) yield* mapSelected(select(record), mapper);
    }
    const last = grouper.end();
    if (last) yield* mapSelected(select(last), mapper);
  }
  const batch = mapper.flush();
  if (batch) yield batch;
  return { ...mapper.result(), stats };
}
