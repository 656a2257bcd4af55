import { isValidTimezone, stringVrProblem, toCodeString } from '@mwl/domain';
import { z } from 'zod';
import { insecureUrl } from '../http.ts';
import { fieldMappingSchema, type FieldMapping, type ValueSpec } from '../mapping/spec-schema.ts';
import { convertPylantirCalpendoMapping, isPylantirCalpendoMapping } from './pylantir-mapping.ts';

/**
 * The Calpendo source's `config` and `field_mapping`. Pylantir's keys (`base_url`, `resources`,
 * `status_filter`, `resource_modality_mapping`, `allowed_studies`, `timezone`,
 * `lookback_multiplier`, `window_mode`, `daily_window`, even `field_mapping` nested in `config`)
 * are this schema's own; Pylantir's `field_mapping` forms are converted (see `pylantir-mapping.ts`).
 * Keys starting with `_` are comments. Credentials only from the environment (`X` or `X_FILE`).
 */

const timezone = z
  .string()
  .refine(isValidTimezone, { error: 'not a valid IANA timezone (e.g. "America/Edmonton")' });
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' });
const name = z.string().trim().min(1);
const modality = z
  .string()
  .transform(toCodeString)
  .refine((code) => code !== '' && stringVrProblem('CS', code) === undefined, {
    error: 'must be a DICOM modality code (e.g. "MR"): up to 16 letters, digits, spaces or "_"',
  });
const aeTitle = z.string().refine((ae) => ae.trim() !== '' && stringVrProblem('AE', ae) === undefined, {
  error: 'must be an AE title: 1–16 characters, no backslash or control characters',
});
export const CALPENDO_INSECURE_HTTP_MESSAGE =
  'is http://: the Basic-auth credentials would cross the network in clear text; use https://, or set ' +
  '"allow_insecure_http": true in the source config';

const secretInConfig = z.never({
  error:
    'credentials must not be in the config file: set the variables named by username_env / password_env (or their _FILE)',
});
const statusDecision = z
  .enum(['SCHEDULED', 'CANCELED', 'CANCELLED', 'skip'])
  .transform((value) => (value === 'CANCELLED' ? 'CANCELED' : value));

export const calpendoRequestSchema = z.strictObject({
  /** Deadline of one request. */
  timeout_ms: z.number().int().positive().default(30_000),
  retries: z.number().int().min(0).max(10).default(3),
  backoff_ms: z.number().int().min(0).default(500),
  max_backoff_ms: z.number().int().min(0).default(10_000),
  /** Cap of one answer (a booking list, a detail); a longer one fails the request. */
  max_body_bytes: z
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
});

export const calpendoConfigSchema = z.strictObject({
  /** e.g. `https://example.calpendo.com`; else read from `base_url_env`. */
  base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  base_url_env: envName.default('CALPENDO_API_URL'),
  username_env: envName.default('CALPENDO_USERNAME'),
  password_env: envName.default('CALPENDO_PASSWORD'),
  username: secretInConfig.optional(),
  password: secretInConfig.optional(),
  /** Resource names to list (`resource.name`); absent: every resource. */
  resources: z.array(name).min(1).optional(),
  /** Only bookings in these statuses are scheduled (cancelling statuses always pass). */
  status_filter: z
    .union([name, z.array(name).min(1)])
    .transform((value) => [value].flat())
    .optional(),
  /** Calpendo status → `SCHEDULED`, `CANCELED` or `skip`, over the defaults (see `rules.ts`). */
  status_map: z.record(z.string().min(1), statusDecision).optional(),
  /** Leave Pending bookings out. */
  skip_pending: z.boolean().default(false),
  /** Resource name (exact, then longest prefix) → modality. */
  resource_modality_mapping: z.record(z.string().min(1), modality).default({}),
  /** Modality of a resource the map does not name. */
  default_modality: modality.default('MR'),
  /** Scheduled Station AE Title when `field_mapping` maps none. */
  station_ae_title: aeTitle.default('ANY'),
  /** Projects (full name or the short name before ` (`) whose bookings are listed; absent: all. */
  allowed_studies: z.array(name).min(1).optional(),
  /** Timezone of Calpendo's wall-clock times; default: the source's timezone. */
  timezone: timezone.optional(),
  /** Pylantir's lookback: `sync_interval × lookback_multiplier` seconds before now. */
  lookback_multiplier: z.number().positive().default(2),
  /** Lookback in hours; overrides `lookback_multiplier`. */
  lookback_hours: z
    .number()
    .min(0)
    .max(24 * 366)
    .optional(),
  /** How far ahead bookings are listed. */
  horizon_hours: z
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
  /** `daily`: the window is widened to whole local days. */
  window_mode: z.enum(['rolling', 'daily']).optional(),
  /** Pylantir's switch for `window_mode: "daily"`. */
  daily_window: z.boolean().optional(),
  /** Booking details fetched at the same time. */
  concurrency: z.number().int().min(1).max(32).default(5),
  /** Operator lookup for MRI scans: when the mapping reads `operator` (auto), always, or never. */
  fetch_operator: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Entries per yielded batch. */
  batch_size: z.number().int().min(1).max(10_000).default(500),
  request: calpendoRequestSchema.default({
    timeout_ms: 30_000,
    retries: 3,
    backoff_ms: 500,
    max_backoff_ms: 10_000,
    max_body_bytes: 32 * 1024 * 1024,
  }),
  /** Send the Basic-auth credentials over plain `http://` (never on an untrusted network). */
  allow_insecure_http: z.boolean().default(false),
});

export type CalpendoConfig = z.output<typeof calpendoConfigSchema>;

export interface CalpendoSourceConfig {
  config: CalpendoConfig;
  /** Declarative mapping over the booking's fields (see `booking-row.ts`), defaults filled. */
  field_mapping: FieldMapping;
  /** Which form `field_mapping` was written in. */
  form: 'declarative' | 'pylantir';
  /** What the conversion of a Pylantir mapping decided (log them). */
  notes: string[];
}

/** The booking fields `operator` lookups fill. */
export const OPERATOR_FIELDS = ['operator', 'Operator.name', 'properties.Operator.name'] as const;

type Issue = { path: (string | number)[]; message: string };

function withoutComments(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith('_')));
}

/** Fills the fields the plugin can supply (modality, station AE title, duration) when unmapped. */
function withDefaults(mapping: Record<string, unknown>, config: CalpendoConfig): Record<string, unknown> {
  const defaults: Record<string, ValueSpec> = {
    modality: { field: 'resource.modality' },
    scheduledStationAeTitle: { constant: config.station_ae_title },
    durationMinutes: { field: 'durationInMinutes' },
  };
  return { ...defaults, ...mapping };
}

const inputSchema = z.strictObject({
  config: z.record(z.string(), z.unknown()).default({}),
  field_mapping: z.record(z.string(), z.unknown()).default({}),
});

/** `{ config, field_mapping }` of a `type: "calpendo"` source, in either form. */
export const calpendoSourceConfigSchema: z.ZodType<CalpendoSourceConfig> = inputSchema.transform(
  (input, ctx) => {
    const issues: Issue[] = [];
    const { field_mapping: nestedMapping, ...configInput } = withoutComments(input.config);
    let rawMapping = withoutComments(input.field_mapping);
    if (nestedMapping !== undefined) {
      if (Object.keys(rawMapping).length > 0) {
        issues.push({
          path: ['config', 'field_mapping'],
          message: 'give field_mapping once: here or beside config',
        });
      } else if (nestedMapping && typeof nestedMapping === 'object' && !Array.isArray(nestedMapping)) {
        rawMapping = withoutComments(nestedMapping as Record<string, unknown>);
      } else issues.push({ path: ['config', 'field_mapping'], message: 'must be an object' });
    }

    const parsedConfig = calpendoConfigSchema.safeParse(configInput);
    if (!parsedConfig.success) {
      for (const issue of parsedConfig.error.issues)
        issues.push({ path: ['config', ...issue.path.map(toKey)], message: issue.message });
    } else {
      const { window_mode, daily_window, base_url, allow_insecure_http } = parsedConfig.data;
      if (window_mode === 'rolling' && daily_window === true) {
        issues.push({ path: ['config', 'daily_window'], message: 'contradicts window_mode "rolling"' });
      }
      if (base_url && insecureUrl(base_url) && !allow_insecure_http) {
        issues.push({ path: ['config', 'base_url'], message: CALPENDO_INSECURE_HTTP_MESSAGE });
      }
    }

    const form = isPylantirCalpendoMapping(rawMapping) ? 'pylantir' : 'declarative';
    let notes: string[] = [];
    let declarative: Record<string, unknown> = rawMapping;
    if (form === 'pylantir') {
      const converted = convertPylantirCalpendoMapping(rawMapping);
      notes = converted.notes;
      declarative = converted.field_mapping;
      for (const problem of converted.problems)
        issues.push({ path: ['field_mapping', ...problem.path], message: problem.message });
    } else if (rawMapping.status !== undefined) {
      issues.push({ path: ['field_mapping', 'status'], message: 'the status comes from config.status_map' });
    }

    let fieldMapping: FieldMapping | undefined;
    if (parsedConfig.success) {
      const mapped = fieldMappingSchema.safeParse(withDefaults(declarative, parsedConfig.data));
      if (mapped.success) fieldMapping = mapped.data;
      else {
        for (const issue of mapped.error.issues) {
          issues.push({ path: ['field_mapping', ...issue.path.map(toKey)], message: issue.message });
        }
      }
    }

    if (issues.length > 0 || !parsedConfig.success || !fieldMapping) {
      for (const issue of issues)
        ctx.issues.push({ code: 'custom', input, path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { config: parsedConfig.data, field_mapping: fieldMapping, form, notes };
  },
);

function toKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}
