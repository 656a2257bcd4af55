import { convertLegacyConfig, dataSourceSchema, type DataSourceConfig } from '@mwl/config';
import { FETCH_SETTING_KEYS } from '@mwl/fetcher';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `data_sources[]` entries of a file that does not parse as a whole, with their index, so their
 * plugins can still be checked and one run lists every problem. An entry whose own keys are wrong
 * (already reported) is checked for its `type`, `config`, `field_mapping` and numeric fetch
 * settings only.
 */
export function parsableSources(json: unknown): { index: number; source: DataSourceConfig }[] {
  if (!isRecord(json)) return [];
  const entries = convertLegacyConfig(json).config.data_sources;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry.type !== 'string') return [];
    const withoutComments = Object.fromEntries(Object.entries(entry).filter(([key]) => !key.startsWith('_')));
    const parsed = dataSourceSchema.safeParse(withoutComments);
    if (parsed.success) return [{ index, source: parsed.data }];
    const settings = FETCH_SETTING_KEYS.filter(
      (key) => key !== 'sync_interval' && typeof entry[key] === 'number',
    );
    const source = {
      name: typeof entry.name === 'string' ? entry.name : `source-${index}`,
      type: entry.type,
      enabled: entry.enabled !== false,
      sync_interval: 60,
      config: isRecord(entry.config) ? entry.config : {},
      field_mapping: isRecord(entry.field_mapping) ? entry.field_mapping : {},
      ...Object.fromEntries(settings.map((key) => [key, entry[key]])),
    };
    return [{ index, source }];
  });
}
