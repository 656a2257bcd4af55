import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SourceFileUnstableError } from '../errors.ts';
import { createBatchMapper } from '../mapping/map-rows.ts';
import { createScheduleCache, type ScheduleSpec } from '../mapping/schedule.ts';
import type {
  FetchEvent,
  FetchStats,
  FetchWindowRequest,
  SourceDeps,
  SourceInstance,
  SourcePlugin,
} from '../plugin.ts';
import { fileFormatOf, fileSourceConfigSchema, type FileSourceConfig } from './config.ts';
import { readRows } from './read-rows.ts';

/** File access, injectable for tests. */
export interface FileAccess {
  /** The file's text in chunks (UTF-8, decoded across chunk boundaries). */
  read(path: string, signal?: AbortSignal): AsyncIterable<string>;
  /** Changes whenever the file's content may have changed (size and modification time). */
  version(path: string): Promise<string>;
}

const nodeFileAccess: FileAccess = {
  read: (path, signal) =>
    createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024, ...(signal ? { signal } : {}) }),
  version: async (path) => {
    const info = await stat(path);
    return `${info.size}:${info.mtimeMs}`;
  },
};

function scheduleOf(config: FileSourceConfig['config']): ScheduleSpec {
  return {
    date: { field: config.date_field, ...(config.date_format ? { format: config.date_format } : {}) },
    ...(config.time_field
      ? { time: { field: config.time_field, ...(config.time_format ? { format: config.time_format } : {}) } }
      : {}),
    ...(config.default_time ? { defaultTime: config.default_time } : {}),
  };
}

/**
 * A configured file, read as a stream (rows mapped as they arrive). Every read sees the whole
 * file, so a `full` fetch is a complete snapshot: a row deleted from the file leaves the worklist. An `incremental` fetch re-reads only when the
 * file changed since the last read, and is never complete. A file that is not settled (changed
 * during the read, last line cut, a row short of columns) fails the fetch: nothing is cancelled.
 */
export function createFileSource(
  source: FileSourceConfig,
  deps: SourceDeps,
  files: FileAccess,
): SourceInstance {
  const { config } = source;
  const mapping = { fields: source.field_mapping, schedule: scheduleOf(config) };
  const context = { source: deps.sourceName, timezone: deps.timezone, scheduleCache: createScheduleCache() };
  let lastVersion: string | undefined;

  async function* fetchWindow(request: FetchWindowRequest): AsyncGenerator<FetchEvent> {
    const complete = request.kind === 'full';
    const version = await files.version(config.path);
    const stats: FetchStats = { rows: 0, entries: 0, rejections: 0, skipped: 0, outsideWindow: 0 };
    if (!complete && version === lastVersion) {
      yield { type: 'end', complete: false, stats };
      return;
    }
    const format = fileFormatOf(config);
    const rawRefOf = (position: number) =>
      `${config.path} ${format === 'csv' ? 'line' : 'entry'} ${position}`;
    const window = complete ? { from: request.from, to: request.to } : request.scheduled;
    const mapper = createBatchMapper(
      { mapping, context, batchSize: config.batch_size, trackKeys: complete, ...(window ? { window } : {}) },
      stats,
    );
    const rows = readRows(files.read(config.path, request.signal), {
      format,
      delimiter: config.delimiter,
      maxRowChars: config.max_row_chars,
    });
    for await (const row of rows) {
      request.signal?.throwIfAborted();
      stats.rows++;
      const key = (row.values[config.key_field] ?? '').trim();
      const batch =
        key === ''
          ? mapper.reject({
              sourceKey: rawRefOf(row.position),
              reasonCode: 'MWL_REJECT_MISSING_FIELD',
              message: `the key column "${config.key_field}" is empty`,
              fields: ['sourceKey'],
              rawRef: rawRefOf(row.position),
            })
          : mapper.add({ row: row.values, sourceKey: key, rawRef: rawRefOf(row.position) });
      if (batch) yield batch;
    }
    // A file rewritten while it was read mixes two versions: not a snapshot of either.
    if ((await files.version(config.path)) !== version) {
      throw new SourceFileUnstableError('the file changed while it was read: it may still be being written');
    }
    const last = mapper.flush();
    if (last) yield last;
    const result = mapper.result();
    lastVersion = version;
    if (Object.keys(result.warningCounts).length > 0) {
      deps.logger.info(
        { source: deps.sourceName, warnings: result.warningCounts },
        'file rows mapped with warnings',
      );
    }
    yield complete
      ? { type: 'end', complete, seenKeys: result.seenKeys, rejectedKeys: result.rejectedKeys, stats }
      : { type: 'end', complete, stats };
  }

  return {
    async checkStartup() {
      await files.version(config.path);
    },
    fetchWindow,
  };
}

export function createFilePlugin(files: FileAccess = nodeFileAccess): SourcePlugin<FileSourceConfig> {
  return {
    type: 'file',
    configSchema: fileSourceConfigSchema,
    create: (config, deps) => createFileSource(config, deps, files),
  };
}
