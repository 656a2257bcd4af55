import { z } from 'zod';
import { fieldMappingSchema, type FieldMapping } from '../mapping/spec-schema.ts';

/**
 * The `file` source: a CSV or JSON export (a spreadsheet, another system's dump) whose rows are
 * mapped like any source. It needs no credentials, so it also serves the quick-start demo.
 */
const fieldName = z.string().min(1);
const formats = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const fileConfigSchema = z.strictObject({
  /** The file to read; a relative path is taken from the working directory. */
  path: z.string().min(1),
  /** Default: from the extension (`.csv`, `.json`). */
  format: z.enum(['csv', 'json']).optional(),
  /** CSV only. */
  delimiter: z.string().length(1).default(','),
  /** The column that identifies a row across re-reads (the item's source key). */
  key_field: fieldName,
  /** The scheduled date (or date and time) column and its luxon formats. */
  date_field: fieldName,
  date_format: formats.optional(),
  time_field: fieldName.optional(),
  time_format: formats.optional(),
  /** `HH:mm`, for rows without a time. */
  default_time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:mm' })
    .optional(),
  batch_size: z.number().int().min(1).max(5000).default(500),
  /** The longest row (CSV) or entry (JSON) read, in characters: a longer one fails the fetch. */
  max_row_chars: z
    .number()
    .int()
    .min(1_000)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
});

export type FileConfig = z.output<typeof fileConfigSchema>;

export interface FileSourceConfig {
  config: FileConfig;
  field_mapping: FieldMapping;
}

export const fileSourceConfigSchema: z.ZodType<FileSourceConfig> = z.strictObject({
  config: fileConfigSchema,
  field_mapping: fieldMappingSchema,
});

export function fileFormatOf(config: FileConfig): 'csv' | 'json' {
  return config.format ?? (config.path.toLowerCase().endsWith('.json') ? 'json' : 'csv');
}
