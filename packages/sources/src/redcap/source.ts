import { SourceConfigError, SourceFieldsMissingError } from '../errors.ts';
import type { EntryMapping } from '../mapping/map-entry.ts';
import { createScheduleCache, type ScheduleSpec } from '../mapping/schedule.ts';
import { specFields } from '../mapping/spec-schema.ts';
import type { FetchEvent, FetchWindowRequest, SourceDeps, SourceInstance } from '../plugin.ts';
import { readEnvSecret } from '../secrets.ts';
import { createRedcapClient } from './client.ts';
import { insecureUrl } from '../http.ts';
import { INSECURE_HTTP_MESSAGE, type RedcapSourceConfig } from './config.ts';
import { redcapDateTime, scheduledDateFilterLogic, type ExportRecordsOptions } from './export.ts';
import { streamRecords } from './export-stream.ts';
import { fetchMetadata, missingFields, type ProjectMetadata } from './metadata.ts';
import { processRows, type WindowFilter } from './process-rows.ts';
import { RecordsApartError } from './record-groups.ts';

/**
 * A configured REDCap project. `fetchWindow` exports the rows (incremental: records created or
 * modified in the window, by REDCap's `dateRangeBegin/End`; full: every record, or those whose
 * date field lies in the window when `full_filter_logic` is on), selects and maps them, and yields
 * batches. Only full fetches are complete: a modification-range export never shows deletions.
 * The export is parsed as it arrives and mapped record by record: memory holds one record's rows
 * and one batch, not the project. Should REDCap ever export a record's rows apart, that fetch
 * fails and later ones read the export whole (`buffered`).
 */
export function createRedcapSource(source: RedcapSourceConfig, deps: SourceDeps): SourceInstance {
  const { config, field_mapping } = source;
  const apiUrl = resolveApiUrl(source, deps);
  const token = readEnvSecret(deps.env, config.api_token_env, deps.readFile);
  if (!token) {
    throw new SourceConfigError(
      `no REDCap API token: set ${config.api_token_env} or ${config.api_token_env}_FILE`,
      [{ path: config.api_token_env, message: 'is not set' }],
    );
  }
  const timezone = config.timezone ?? deps.timezone;
  const serverTimezone = config.server_timezone ?? timezone;
  const selection = config.selection;
  const client = createRedcapClient({
    apiUrl,
    token,
    http: deps.http,
    logger: deps.logger,
    timeoutMs: config.request.timeout_ms,
    maxBodyBytes: config.request.max_body_bytes,
    retry: {
      retries: config.request.retries,
      baseDelayMs: config.request.backoff_ms,
      maxDelayMs: config.request.max_backoff_ms,
    },
    sleep: deps.sleep,
  });

  const schedule: ScheduleSpec = {
    date: {
      field: selection.date_field,
      ...(selection.date_format ? { format: selection.date_format } : {}),
    },
    ...(selection.time_field
      ? {
          time: {
            field: selection.time_field,
            ...(selection.time_format ? { format: selection.time_format } : {}),
          },
        }
      : {}),
    ...(selection.default_time ? { defaultTime: selection.default_time } : {}),
  };
  const mapping: EntryMapping = { fields: field_mapping, schedule };
  const neededFields = [
    ...new Set([
      selection.date_field,
      ...(selection.time_field ? [selection.time_field] : []),
      ...selection.require_non_empty,
      ...Object.values(field_mapping).flatMap(specFields),
    ]),
  ];
  const events = selection.event === undefined ? undefined : [selection.event].flat();
  const scheduleCache = createScheduleCache();
  let buffered = false;

  let metadata: ProjectMetadata | undefined;
  const loadMetadata = async (signal?: AbortSignal): Promise<ProjectMetadata> => {
    const loaded = await fetchMetadata(client, signal);
    const recordIdField = config.record_id_field ?? loaded.recordIdField;
    const missing = missingFields(loaded, [...neededFields, recordIdField]);
    if (missing.length > 0) throw new SourceFieldsMissingError(missing);
    if (selection.instrument !== undefined && !loaded.forms.has(selection.instrument)) {
      throw new SourceConfigError(`the REDCap project has no instrument "${selection.instrument}"`, [
        { path: 'config.selection.instrument', message: 'is not an instrument of the project' },
      ]);
    }
    metadata = loaded;
    return loaded;
  };

  async function* run(
    exportOptions: ExportRecordsOptions,
    window: WindowFilter | undefined,
    complete: boolean,
    kind: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<FetchEvent> {
    const meta = complete || !metadata ? await loadMetadata(signal) : metadata;
    const recordIdField = config.record_id_field ?? meta.recordIdField;
    const started = Date.now();
    const rows = streamRecords(
      client,
      {
        ...exportOptions,
        fields: [recordIdField, ...neededFields.filter((f) => f !== recordIdField)],
        rawOrLabel: config.raw_or_label,
      },
      {
        maxRowChars: config.request.max_row_chars,
        maxRows: config.request.max_rows,
        resumes: config.request.retries,
      },
      { logger: deps.logger, signal },
    );
    let result;
    try {
      result = yield* processRows(rows, {
        recordIdField,
        selection: { instrument: selection.instrument, events, requireNonEmpty: selection.require_non_empty },
        skipWithoutDate: selection.when_date_missing === 'skip' ? selection.date_field : undefined,
        mapping,
        context: {
          source: deps.sourceName,
          timezone,
          labelOf: (field, code) => meta.labelOf(field, code),
          scheduleCache,
        },
        window,
        batchSize: config.batch_size,
        trackKeys: complete,
        buffered,
      });
    } catch (error) {
      if (error instanceof RecordsApartError) {
        buffered = true;
        deps.logger.warn({ kind, code: error.code }, 'REDCap exported a record apart: reading exports whole');
      }
      throw error;
    }
    deps.logger.info(
      { kind, ...result.stats, warnings: result.warningCounts, ms: Date.now() - started },
      'REDCap fetch finished',
    );
    yield {
      type: 'end',
      complete,
      ...(complete ? { seenKeys: result.seenKeys, rejectedKeys: result.rejectedKeys } : {}),
      stats: result.stats,
    };
  }

  const withStaticLogic = (logic?: string) =>
    [selection.filter_logic, logic]
      .filter((part): part is string => !!part)
      .map((p) => `(${p})`)
      .join(' and ');

  return {
    async checkStartup(signal) {
      await loadMetadata(signal);
    },

    fetchWindow(request: FetchWindowRequest) {
      if (request.kind === 'incremental') {
        return run(
          {
            dateRangeBegin: redcapDateTime(request.from, serverTimezone),
            dateRangeEnd: redcapDateTime(request.to, serverTimezone),
            filterLogic: withStaticLogic(),
          },
          request.scheduled,
          false,
          'incremental',
          request.signal,
        );
      }
      const dateLogic = selection.full_filter_logic
        ? scheduledDateFilterLogic(selection.date_field, request.from, request.to, timezone)
        : undefined;
      return run(
        { filterLogic: withStaticLogic(dateLogic) },
        { from: request.from, to: request.to },
        true,
        'full',
        request.signal,
      );
    },

    fetchKeys(keys, options) {
      const records = [...new Set(keys.map((key) => key.trim()).filter((key) => key !== ''))];
      if (records.length === 0) return endOnly();
      return run({ records, filterLogic: withStaticLogic() }, undefined, false, 'keys', options?.signal);
    },

    async close() {
      // The HTTP client belongs to the caller.
    },
  };
}

function resolveApiUrl(source: RedcapSourceConfig, deps: SourceDeps): string {
  const { config } = source;
  const url = config.api_url ?? deps.env[config.api_url_env]?.trim();
  if (!url) {
    throw new SourceConfigError(`no REDCap API URL: set config.api_url or ${config.api_url_env}`, [
      { path: 'config.api_url', message: `is not set, nor is ${config.api_url_env}` },
    ]);
  }
  const path = config.api_url ? 'config.api_url' : config.api_url_env;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new SourceConfigError(`the REDCap API URL is not an http(s) URL`, [
      { path, message: 'is not an http(s) URL' },
    ]);
  }
  if (insecureUrl(url) && !config.allow_insecure_http) {
    throw new SourceConfigError(`the REDCap API URL ${INSECURE_HTTP_MESSAGE}`, [
      { path, message: INSECURE_HTTP_MESSAGE },
    ]);
  }
  return url;
}

/** A fetch of nothing: just the end. */
function endOnly(): AsyncIterable<FetchEvent> {
  const events: FetchEvent[] = [
    {
      type: 'end',
      complete: false,
      stats: { rows: 0, entries: 0, rejections: 0, skipped: 0, outsideWindow: 0 },
    },
  ];
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = events[Symbol.iterator]();
      return { next: () => Promise.resolve(iterator.next()) };
    },
  };
}
