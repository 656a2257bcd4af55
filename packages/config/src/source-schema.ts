import { z } from 'zod';
import { isValidTimezone } from './timezone.ts';

const hour = z
  .number({ error: 'hour must be a number' })
  .int({ error: 'hour must be an integer' })
  .min(0, { error: 'hour must be 0–23' })
  .max(23, { error: 'hour must be 0–23' });
const minute = z
  .number({ error: 'minute must be a number' })
  .int({ error: 'minute must be an integer' })
  .min(0, { error: 'minute must be 0–59' })
  .max(59, { error: 'minute must be 0–59' });

/** `[hour, minute]`, Pylantir's form. */
export const wallClockTimeSchema = z.tuple([hour, minute], { error: 'must be [hour, minute]' });

/**
 * A daily window of local wall-clock time, both ends inclusive to the minute (Pylantir's
 * `start <= now <= end` at minute precision). `start > end` wraps midnight; `start == end` is the
 * whole day. Missing ends take Pylantir's defaults, 00:00 and 23:59.
 */
export const operationWindowSchema = z.strictObject({
  start_time: wallClockTimeSchema.default([0, 0]),
  end_time: wallClockTimeSchema.default([23, 59]),
});

export const timezoneSchema = z
  .string()
  .min(1)
  .refine(isValidTimezone, { error: 'not a valid IANA timezone (e.g. "America/Edmonton")' });

export const SOURCE_NAME_PATTERN = /^[a-z0-9_-]{1,64}$/;

export const sourceNameSchema = z.string().check((ctx) => {
  if (SOURCE_NAME_PATTERN.test(ctx.value)) return;
  const slug = ctx.value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  const hint = slug === '' ? '' : ` (e.g. "${slug}")`;
  ctx.issues.push({
    code: 'custom',
    input: ctx.value,
    message: `must be 1–64 lower-case letters, digits, "_" or "-"${hint}`,
  });
});

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/**
 * REDCap's Data Entry Trigger for this source: the api answers `POST /hooks/redcap/<name>/<secret>`
 * (the URL to enter in REDCap's project setup) and fetches the saved record at once.
 */
export const dataEntryTriggerSchema = z.strictObject({
  /** The variable holding the URL secret (or `<NAME>_FILE`); at least 32 characters. */
  secret_env: z.string().regex(ENV_NAME, { error: 'must be an environment variable name (A-Z, 0-9, _)' }),
  /** Sender addresses accepted (the REDCap server's); absent: any. */
  allowed_addresses: z
    .array(z.union([z.ipv4(), z.ipv6()]))
    .min(1)
    .optional(),
  /** REDCap `project_id` the triggers must carry; absent: not checked. */
  project_id: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().positive()]).optional(),
});

export const dataSourceSchema = z.strictObject({
  /** Unique; the identity of the source's rows, cursor and runs. */
  name: sourceNameSchema,
  /** A registered plugin (`redcap`, `calpendo`) or an installed package exporting one. */
  type: z.string().min(1),
  enabled: z.boolean().default(true),
  /** Seconds between fetches (Pylantir's unit and default). */
  sync_interval: z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .positive({ error: 'must be greater than 0 seconds' })
    .default(60),
  /** Absent: fetch around the clock. */
  operation_interval: operationWindowSchema.optional(),
  /** Overrides the top-level timezone for this source's operation window. */
  timezone: timezoneSchema.optional(),
  /** Plugin settings, validated by the plugin's own schema. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Source field → worklist field, in the plugin's own form. */
  field_mapping: z.record(z.string(), z.unknown()).default({}),
  /**
   * How the fetcher syncs the source (services/fetcher `fetch-settings.ts` checks their ranges):
   * seconds between full snapshots (0 = never), the schedule window in days before and after now,
   * the incremental fetches' overlap in seconds and their backfill in days, and after how many
   * intervals without a successful sync the source is stale (fails the fetcher's readiness).
   */
  full_snapshot_interval: z.number({ error: 'must be a number of seconds' }).optional(),
  lookback_days: z.number({ error: 'must be a number of days' }).optional(),
  horizon_days: z.number({ error: 'must be a number of days' }).optional(),
  cursor_overlap: z.number({ error: 'must be a number of seconds' }).optional(),
  backfill_days: z.number({ error: 'must be a number of days' }).optional(),
  stale_after_intervals: z.number({ error: 'must be a number of intervals' }).optional(),
  /** REDCap sources: the api's Data Entry Trigger hook (absent: none). */
  data_entry_trigger: dataEntryTriggerSchema.optional(),
});

export type WallClockTime = z.output<typeof wallClockTimeSchema>;
export type OperationWindow = z.output<typeof operationWindowSchema>;
export type DataSourceConfig = z.output<typeof dataSourceSchema>;
export type DataEntryTriggerConfig = z.output<typeof dataEntryTriggerSchema>;
