import type { SourceDeps, SourceInstance } from '../plugin.ts';
import { fileSourceConfigSchema } from './config.ts';
import { createFilePlugin, type FileAccess } from './plugin.ts';

/** Test support for the file source's tests (not exported by the package). */

export const FILE_TEST_DEPS: SourceDeps = {
  sourceName: 'demo',
  timezone: 'America/Edmonton',
  http: { request: () => Promise.reject(new Error('no HTTP for files')), close: () => Promise.resolve() },
  clock: () => new Date('2026-03-10T00:00:00Z'),
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  env: {},
};

/** March 2026 (the test rows' month). */
export const MARCH_WINDOW = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

/** A file source on `files` (default: the disk); `config` over a CSV keyed by `participant`. */
export async function createFileTestSource(
  fieldMapping: Record<string, unknown>,
  options: { files?: FileAccess; config?: Record<string, unknown> } = {},
): Promise<SourceInstance> {
  const config = fileSourceConfigSchema.parse({
    config: {
      path: 'demo.csv',
      key_field: 'participant',
      date_field: 'scan_date',
      time_field: 'scan_time',
      ...options.config,
    },
    field_mapping: fieldMapping,
  });
  return createFilePlugin(options.files).create(config, FILE_TEST_DEPS);
}

export { chunksOf, collect } from '../test-collect.ts';
