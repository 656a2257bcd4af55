// @mwl/sources: the source plugin contract and registry, the declarative mapping engine, and the
// REDCap plugin.
export * from './errors.ts';
export type {
  FetchBatch,
  FetchEnd,
  FetchEvent,
  FetchKind,
  FetchStats,
  FetchWindowRequest,
  Logger,
  SourceConfigInput,
  SourceDeps,
  SourceInstance,
  SourcePlugin,
} from './plugin.ts';
export {
  REJECTION_CODES,
  WARNING_CODES,
  type EntryWarning,
  type Rejection,
  type RejectionCode,
  type WarningCode,
} from './rejection.ts';
export {
  createUndiciHttpClient,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type UndiciHttpClientOptions,
} from './http.ts';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  sleep,
  withRetry,
  type RetryOptions,
  type RetryPolicy,
} from './retry.ts';
export { readEnvSecret } from './secrets.ts';
export {
  createSourceRegistry,
  isSourcePlugin,
  pluginFromModule,
  type CreateSourceRegistryOptions,
  type SourceConfigValidation,
  type SourceRegistry,
} from './registry.ts';

// Mapping engine (shared by every plugin).
export {
  fieldMappingSchema,
  specFields,
  valueSpecSchema,
  type FieldMapping,
  type ValueSpec,
} from './mapping/spec-schema.ts';
export {
  KNOWN_TARGET_NAMES,
  REQUIRED_TARGETS,
  TARGETS,
  targetInfo,
  type TargetKind,
} from './mapping/targets.ts';
export {
  resolveText,
  type ResolvedText,
  type SourceRow,
  type ValueContext,
} from './mapping/resolve-value.ts';
export { convertDate, convertForTarget, DEFAULT_DATE_FORMATS } from './mapping/convert.ts';
export { parseLocal, type LocalFields } from './mapping/date-format.ts';
export {
  createScheduleCache,
  DEFAULT_SCHEDULE_DATE_FORMATS,
  DEFAULT_TIME_FORMATS,
  resolveSchedule,
  type ScheduleCache,
  type ScheduledStart,
  type ScheduleResult,
  type ScheduleSpec,
} from './mapping/schedule.ts';
export {
  mapRow,
  type EntryMapping,
  type MapContext,
  type MapFailure,
  type MapResult,
  type MapRowInput,
} from './mapping/map-entry.ts';

// REDCap.
export { redcapPlugin } from './redcap/plugin.ts';
export {
  redcapConfigSchema,
  redcapSourceConfigSchema,
  type RedcapConfig,
  type RedcapSelection,
  type RedcapSourceConfig,
} from './redcap/config.ts';
export {
  convertRedcapLegacySource,
  isRedcapLegacyForm,
  redcapLegacyMapping,
  type RedcapLegacyInput,
  type RedcapLegacyOptions,
  type RedcapLegacyResult,
} from './redcap/legacy.ts';
export {
  createRedcapClient,
  encodeForm,
  type RedcapClient,
  type RedcapClientOptions,
} from './redcap/client.ts';
export { selectRows, sourceKeyOf, type RowKey, type RowSelection, type SelectedRow } from './redcap/rows.ts';
export * from './calpendo/index.ts';

// File (CSV/JSON exports; the demo source).
export { createFilePlugin, createFileSource, type FileAccess } from './file/plugin.ts';
export {
  fileConfigSchema,
  fileSourceConfigSchema,
  type FileConfig,
  type FileSourceConfig,
} from './file/config.ts';
export { parseCsv, CsvSyntaxError, type CsvTable } from './file/csv.ts';
export {
  mapRowsInBatches,
  type MapRowsOptions,
  type MapRowsResult,
  type WindowFilter,
} from './mapping/map-rows.ts';
export { createBuiltInSourceRegistry } from './built-in-registry.ts';
