import { z } from 'zod';
import { apiSchema, gatewaySchema, writerSchema } from './gateway-schema.ts';
import { dataSourceSchema, timezoneSchema } from './source-schema.ts';

/**
 * The mwl-bridge config file, new form (snake_case keys like Pylantir's). Pylantir's files are
 * turned into this form by `convertLegacyConfig` before validation. `timezone` is required here:
 * `parseConfig` fills it with the host's zone when the file has none.
 */
export const configFileSchema = z.strictObject({
  /** IANA zone of the site: operation windows and scheduled dates/times are in it. */
  timezone: timezoneSchema,
  gateway: gatewaySchema.prefault({}),
  api: apiSchema.prefault({}),
  writer: writerSchema.prefault({}),
  data_sources: z.array(dataSourceSchema).default([]),
});

export type MwlBridgeConfig = z.output<typeof configFileSchema>;
/** What a file may hold (defaults not yet applied). */
export type MwlBridgeConfigInput = z.input<typeof configFileSchema>;

/** Known keys of each object the schema owns, by path pattern (array indexes as `[]`). */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(configFileSchema.shape),
  gateway: Object.keys(gatewaySchema.shape),
  'gateway.tls': Object.keys(gatewaySchema.shape.tls.unwrap().shape),
  'gateway.allowed_aet[]': ['ae_title', 'addresses'],
  api: Object.keys(apiSchema.shape),
  writer: Object.keys(writerSchema.shape),
  'data_sources[]': Object.keys(dataSourceSchema.shape),
  'data_sources[].operation_interval': Object.keys(dataSourceSchema.shape.operation_interval.unwrap().shape),
};
