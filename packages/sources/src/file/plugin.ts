import { readFile, stat } from 'node:fs/promises';
import { createScheduleCache, type ScheduleSpec } from '../mapping/schedule.ts';
import { mapRowsInBatches } from '../mapping/map-rows.ts';
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
  readText(path: string): Promise<string>;
  /** Changes whenever the file's content may have changed (size and modification time). */
  version(path: string): Promise<string>;
}

const nodeFileAccess: FileAccess = {
  readText: (path) => readFile(path, 'utf8'),
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
 * A configured file. Every read sees the whole file, so a `full` fetch is a complete snapshot: a
 * row deleted from the file leaves the worklist. An `incremental` fetch re-reads only when the
 * file changed since the last read, and is never complete.
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
    const rows = readRows(await files.readText(config.path), fileFormatOf(config), config.delimiter);
    request.signal?.throwIfAborted();
    stats.rows = rows.length;
    const format = fileFormatOf(config);
    const rawRefOf = (position: number) =>
      `${config.path} ${format === 'csv' ? 'line' : 'entry'} ${position}`;
    const keyless = rows.filter((row) => (row.values[config.key_field] ?? '').trim() === '');
    if (keyless.length > 0) {
      stats.rejections += keyless.length;
      yield {
        type: 'batch',
        entries: [],
        warnings: [],
        rejections: keyless.map((row) => ({
          sourceKey: rawRefOf(row.position),
          reasonCode: 'MWL_REJECT_MISSING_FIELD',
          message: `the key column "${config.key_field}" is empty`,
          fields: ['sourceKey'],
          rawRef: rawRefOf(row.position),
        })),
      };
    }
    const candidates = rows
      .filter((row) => !keyless.includes(row))
      .map((row) => ({
        row: row.values,
        sourceKey: row.values[config.key_field]!.trim(),
        rawRef: rawRefOf(row.position),
      }));
    const window = complete ? { from: request.from, to: request.to } : request.scheduled;
    const result = yield* mapRowsInBatches(
      candidates,
      { mapping, context, batchSize: config.batch_size, trackKeys: complete, ...(window ? { window } : {}) },
      stats,
    );
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
