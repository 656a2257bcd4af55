import { isValidTimezone } from '@mwl/domain';
import { z } from 'zod';
import { insecureUrl } from '../http.ts';
import { fieldMappingSchema, type FieldMapping } from '../mapping/spec-schema.ts';
import { convertRedcapLegacySource, isRedcapLegacyForm } from './legacy.ts';

/**
 * The REDCap source's `config` and `field_mapping`. A Pylantir-form entry (no `selection`,
 * `field_mapping` as `redcap_field: worklist_column`) is converted to this form first.
 */

const timezone = z
  .string()
  .refine(isValidTimezone, { error: 'not a valid IANA timezone (e.g. "America/Edmonton")' });
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' });
const formats = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const fieldName = z.string().min(1);

export const redcapSelectionSchema = z.strictObject({
  /** Rows of this repeating instrument are the candidates; absent: the non-repeating rows. */
  instrument: fieldName.optional(),
  /** Unique event name(s) whose rows are candidates (longitudinal projects). */
  event: z.union([fieldName, z.array(fieldName).min(1)]).optional(),
  /** The scheduled date (or date and time) field. */
  date_field: fieldName,
  /** Luxon formats of `date_field`; default REDCap's `yyyy-MM-dd` (with `HH:mm[:ss]` for datetimes). */
  date_format: formats.optional(),
  time_field: fieldName.optional(),
  time_format: formats.optional(),
  /** `HH:mm`, when a row has no time. */
  default_time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:mm' })
    .optional(),
  /** Rows with an empty value in one of these fields are not candidates (not rejected either). */
  require_non_empty: z.array(fieldName).default([]),
  /** A candidate row without a scheduled date: a rejection (default, visible), or skipped. */
  when_date_missing: z.enum(['reject', 'skip']).default('reject'),
  /** Full fetches ask REDCap for rows whose date field lies in the window (`filterLogic`). */
  full_filter_logic: z.boolean().default(false),
  /** REDCap logic ANDed to every export (e.g. `[consent] = '1'`). */
  filter_logic: z.string().min(1).optional(),
});

export const redcapRequestSchema = z.strictObject({
  /** Deadline of one request; large exports take a while. */
  timeout_ms: z.number().int().positive().default(120_000),
  retries: z.number().int().min(0).max(10).default(3),
  backoff_ms: z.number().int().min(0).default(500),
  max_backoff_ms: z.number().int().min(0).default(10_000),
  /** Cap of an answer read whole (metadata); a longer one fails the request. */
  max_body_bytes: z
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  /** Exports are streamed, never held whole: the longest row, in characters of JSON… */
  max_row_chars: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** …and the most rows of one export. */
  max_rows: z.number().int().min(1).default(2_000_000),
});

const secretInConfig = z.never({
  error:
    'the API token must not be in the config file: set the variable named by api_token_env (or its _FILE)',
});

export const INSECURE_HTTP_MESSAGE =
  'is http://: the API token would cross the network in clear text; use https://, or set ' +
  '"allow_insecure_http": true in the source config';

export const redcapConfigSchema = z
  .strictObject({
    /** The API endpoint, e.g. `https://redcap.example.org/api/`; else read from `api_url_env`. */
    api_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    api_url_env: envName.default('REDCAP_API_URL'),
    /** The variable holding the project's API token (`X` or `X_FILE`). */
    api_token_env: envName.default('REDCAP_API_TOKEN'),
    token: secretInConfig.optional(),
    api_token: secretInConfig.optional(),
    /** The timezone of the scheduled dates and times; default: the source's timezone. */
    timezone: timezone.optional(),
    /** The REDCap server's timezone, for `dateRangeBegin/End`; default: `timezone`. */
    server_timezone: timezone.optional(),
    /** Default: the project's first field. */
    record_id_field: fieldName.optional(),
    raw_or_label: z.enum(['raw', 'label']).default('raw'),
    /** Entries per yielded batch. */
    batch_size: z.number().int().min(1).max(10_000).default(500),
    selection: redcapSelectionSchema,
    request: redcapRequestSchema.default({
      timeout_ms: 120_000,
      retries: 3,
      backoff_ms: 500,
      max_backoff_ms: 10_000,
      max_body_bytes: 32 * 1024 * 1024,
      max_row_chars: 1024 * 1024,
      max_rows: 2_000_000,
    }),
    /** Send the API token over plain `http://` (never on an untrusted network). */
    allow_insecure_http: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.api_url && insecureUrl(config.api_url) && !config.allow_insecure_http) {
      ctx.addIssue({ code: 'custom', path: ['api_url'], message: INSECURE_HTTP_MESSAGE });
    }
  });

export type RedcapConfig = z.output<typeof redcapConfigSchema>;
export type RedcapSelection = z.output<typeof redcapSelectionSchema>;

export interface RedcapSourceConfig {
  config: RedcapConfig;
  field_mapping: FieldMapping;
}

const declarativeSchema = z.strictObject({
  config: redcapConfigSchema,
  field_mapping: fieldMappingSchema,
});

/** `{ config, field_mapping }` of a `type: "redcap"` source (Pylantir form accepted). */
export const redcapSourceConfigSchema: z.ZodType<RedcapSourceConfig> = z.preprocess((input) => {
  if (input && typeof input === 'object' && isRedcapLegacyForm(input)) {
    const { config, field_mapping } = convertRedcapLegacySource(input);
    return { config, field_mapping };
  }
  return input;
}, declarativeSchema);
