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

/**
 * Maps candidate rows one at a time (for sources that stream): `add` returns a batch whenever
 * `batchSize` entries and rejections are waiting, `flush` the rest. Only the current batch and the
 * keys of a complete snapshot are held.
 */
export interface BatchMapper {
  add(candidate: MapRowInput): FetchBatch | undefined;
  /** A rejection found before mapping (e.g. a row without key); not a tracked key. */
  reject(rejection: Rejection): FetchBatch | undefined;
  flush(): FetchBatch | undefined;
  result(): MapRowsResult;
}

function inWindow(spsStartAt: string | undefined, window: WindowFilter | undefined): boolean {
  if (!window || spsStartAt === undefined) return true;
  const at = Date.parse(spsStartAt);
  return at >= window.from.getTime() && at < window.to.getTime();
}

/** Counts go into `stats` (entries, rejections, skipped, outsideWindow); `rows` is the caller's. */
export function createBatchMapper(options: MapRowsOptions, stats: FetchStats): BatchMapper {
  const seenKeys: string[] = [];
  const rejectedKeys: string[] = [];
  const warningCounts: Record<string, number> = {};
  let entries: WorklistEntry[] = [];
  let rejections: Rejection[] = [];
  let warnings: EntryWarning[] = [];
  const take = (): FetchBatch => {
    const batch: FetchBatch = { type: 'batch', entries, rejections, warnings };
    entries = [];
    rejections = [];
    warnings = [];
    return batch;
  };
  const full = () => (entries.length + rejections.length >= options.batchSize ? take() : undefined);

  return {
    add(candidate) {
      if (
        options.skipWithoutDate !== undefined &&
        (candidate.row[options.skipWithoutDate] ?? '').trim() === ''
      ) {
        stats.skipped++;
        return undefined;
      }
      const result = mapRow(options.mapping, candidate, options.context);
      const at = result.ok ? result.entry.spsStartAt : result.spsStartAt;
      if (!inWindow(at, options.window)) {
        stats.outsideWindow++;
        return undefined;
      }
      if (result.ok) {
        // Warnings describe stored entries; a rejected row's rejection says enough.
        for (const warning of result.warnings) {
          warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
          warnings.push(warning);
        }
        entries.push(result.entry);
        stats.entries++;
        if (options.trackKeys) seenKeys.push(candidate.sourceKey);
      } else {
        rejections.push(result.rejection);
        stats.rejections++;
        if (options.trackKeys) rejectedKeys.push(candidate.sourceKey);
      }
      return full();
    },
    reject(rejection) {
      rejections.push(rejection);
      stats.rejections++;
      return full();
    },
    flush: () => (entries.length + rejections.length + warnings.length > 0 ? take() : undefined),
    result: () => ({ seenKeys, rejectedKeys, warningCounts }),
  };
}

/**
 * Maps candidate rows of any source, drops those outside the window and yields batches of
 * entries, rejections and warnings.
 */
export function* mapRowsInBatches(
  candidates: Iterable<MapRowInput>,
  options: MapRowsOptions,
  stats: FetchStats,
): Generator<FetchBatch, MapRowsResult, void> {
  const mapper = createBatchMapper(options, stats);
  for (const candidate of candidates) {
    const batch = mapper.add(candidate);
    if (batch) yield batch;
  }
  const last = mapper.flush();
  if (last) yield last;
  return mapper.result();
}
