import type { WorklistEntry } from '@mwl/domain';
import type { z } from 'zod';
import type { HttpClient } from './http.ts';
import type { EntryWarning, Rejection } from './rejection.ts';

/**
 * The source plugin contract. A plugin turns one configured source (`data_sources[]` entry) into
 * normalized worklist entries and rejections; the fetcher streams what it yields to the writer.
 */

/** Structural, so `@mwl/observability`'s pino logger fits. Never pass patient values. */
export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** The part of a `data_sources[]` entry a plugin validates (both opaque to `@mwl/config`). */
export interface SourceConfigInput {
  config?: unknown;
  field_mapping?: unknown;
}

export interface SourceDeps {
  /** The configured source name: every entry's `source`. */
  sourceName: string;
  /** IANA timezone of the source (its own `timezone`, else the file's, else the host's). */
  timezone: string;
  http: HttpClient;
  clock: () => Date;
  logger: Logger;
  /**
   * Environment variables the caller allows the plugin to read (credentials by name). A secret
   * `X` may also be given as `X_FILE`; the plugin reads that file with `readFile`.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads an `X_FILE` secret; default `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
  /** Waits between retries; tests may shorten it. Default: a timer that honours the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type FetchKind = 'incremental' | 'full';

export interface FetchWindowRequest {
  /**
   * `incremental`: rows created or modified in [from, to) (the source's modification clock).
   * `full`: every row whose scheduled start falls in [from, to); the result is a complete snapshot.
   */
  kind: FetchKind;
  from: Date;
  to: Date;
  /**
   * Incremental only, optional: drop entries scheduled outside [from, to) of this range (e.g. the
   * source's lookback + horizon), so an edit to an old visit does not re-list it.
   */
  scheduled?: { from: Date; to: Date };
  signal?: AbortSignal;
}

export interface FetchBatch {
  type: 'batch';
  entries: WorklistEntry[];
  rejections: Rejection[];
  /** Values omitted from otherwise valid entries, DST adjustments: stored, not logged. */
  warnings: EntryWarning[];
}

export interface FetchStats {
  /** Raw rows the source returned. */
  rows: number;
  entries: number;
  rejections: number;
  /** Rows that are not worklist candidates (other instrument/event, required field empty). */
  skipped: number;
  /** Entries dropped because their scheduled start lies outside the requested window. */
  outsideWindow: number;
}

export interface FetchEnd {
  type: 'end';
  /**
   * True only for a `full` fetch that saw every row of the window: the writer may cancel the
   * window's items whose keys are not in `seenKeys`. Incremental and targeted fetches are never
   * complete, and a fetch that throws has no `end` at all.
   */
  complete: boolean;
  /** Keys of the entries yielded (complete fetches only). Rejected rows are not "seen". */
  seenKeys?: string[];
  /** Keys of rows rejected in this fetch (complete fetches only). */
  rejectedKeys?: string[];
  stats: FetchStats;
}

/** What `fetchWindow` and `fetchKeys` yield: batches, then exactly one `end`. */
export type FetchEvent = FetchBatch | FetchEnd;

export interface SourceInstance {
  /** Checks the source answers and the mapping fits it (e.g. REDCap metadata). Throws when not. */
  checkStartup?(signal?: AbortSignal): Promise<void>;
  fetchWindow(request: FetchWindowRequest): AsyncIterable<FetchEvent>;
  /**
   * Re-fetches the rows of these source records (REDCap: record ids from the Data Entry Trigger).
   * Never complete.
   */
  fetchKeys?(keys: readonly string[], options?: { signal?: AbortSignal }): AsyncIterable<FetchEvent>;
  close?(): Promise<void>;
}

export interface SourcePlugin<Config = unknown> {
  /** The `type` a config names (`redcap`), or the package name for installed plugins. */
  readonly type: string;
  /** Validates `{ config, field_mapping }` of a `data_sources[]` entry into `Config`. */
  readonly configSchema: z.ZodType<Config>;
  create(config: Config, deps: SourceDeps): SourceInstance | Promise<SourceInstance>;
}
