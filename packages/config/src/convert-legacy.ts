import { isPlainObject } from './is-plain-object.ts';
import { joinPath, type ConfigProblem, type ConfigWarning } from './problems.ts';
import {
  IGNORED_API_KEYS,
  IGNORED_TOP_LEVEL_KEYS,
  LEGACY_REDCAP_KEYS,
  SOURCE_KEYS_MOVED_INTO_CONFIG,
} from './pylantir-keys.ts';

export interface ConversionResult {
  /** The new form: what `convert-config` writes. Comment keys (`_…`) are kept. */
  config: Record<string, unknown>;
  warnings: ConfigWarning[];
  /** Conflicts conversion cannot settle (e.g. `allowed_aet` and `gateway.allowed_aet` both set). */
  problems: ConfigProblem[];
  /** New-form path → the path it came from in the original file, to report problems there. */
  origins: Record<string, string>;
}

/** The name given to the source converted from Pylantir's legacy top-level REDCap settings. */
export const LEGACY_SOURCE_NAME = 'redcap';

/**
 * Rewrites a Pylantir config file (legacy top-level form or `data_sources` form) into the
 * mwl-bridge form; a file already in the new form comes back unchanged and without warnings.
 * Pure: the input is not modified.
 */
export function convertLegacyConfig(input: Record<string, unknown>): ConversionResult {
  const config: Record<string, unknown> = { ...input };
  const result: ConversionResult = { config, warnings: [], problems: [], origins: {} };
  convertLegacyRedcap(config, result);
  moveAllowedAet(config, result);
  for (const [key, reason] of Object.entries(IGNORED_TOP_LEVEL_KEYS)) {
    if (key in config) {
      delete config[key];
      result.warnings.push({ path: key, message: `ignored (${reason})` });
    }
  }
  dropPylantirApiKeys(config, result);
  moveSourceKeysIntoConfig(config, result);
  nameUnnamedSources(config, result);
  return result;
}

/**
 * Pylantir runs a source without `name` (as "unknown"; its own calpendo example has none). Here a
 * name identifies the source's rows, cursor and queue, so such a source is named after its type
 * (made unique), with a warning asking for a name of its own.
 */
function nameUnnamedSources(config: Record<string, unknown>, result: ConversionResult): void {
  if (!Array.isArray(config.data_sources)) return;
  const entries = config.data_sources as unknown[];
  const taken = new Set(
    entries.flatMap((entry) => (isPlainObject(entry) && typeof entry.name === 'string' ? [entry.name] : [])),
  );
  config.data_sources = entries.map((entry, index) => {
    if (!isPlainObject(entry) || 'name' in entry) return entry;
    const base =
      typeof entry.type === 'string' && /^[a-z0-9_-]{1,56}$/.test(entry.type) ? entry.type : 'source';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    result.warnings.push({
      path: joinPath('data_sources', index),
      message: `has no name: named "${name}" (Pylantir calls it "unknown"); give it a "name" of its own`,
    });
    return { name, ...entry };
  });
}

function convertLegacyRedcap(config: Record<string, unknown>, result: ConversionResult): void {
  const present = LEGACY_REDCAP_KEYS.filter((key) => key in config);
  if (present.length === 0) return;
  const sources = config.data_sources;
  const noSources = sources === undefined || (Array.isArray(sources) && sources.length === 0);
  if (!noSources || !('redcap2wl' in config)) {
    const reason = noSources
      ? 'a legacy REDCap setting without "redcap2wl"; Pylantir ignored it too'
      : 'data_sources is set; Pylantir ignored the legacy top-level REDCap settings too';
    for (const key of present) {
      delete config[key];
      result.warnings.push({ path: key, message: `ignored (${reason})` });
    }
    return;
  }
  const sourceConfig: Record<string, unknown> = {};
  const source: Record<string, unknown> = { name: LEGACY_SOURCE_NAME, type: 'redcap' };
  const base = 'data_sources[0]';
  const take = (from: string, target: Record<string, unknown>, key: string, path: string) => {
    if (!(from in config)) return;
    target[key] = config[from];
    result.origins[path] = from;
    delete config[from];
  };
  take('db_update_interval', source, 'sync_interval', `${base}.sync_interval`);
  take('operation_interval', source, 'operation_interval', `${base}.operation_interval`);
  take('site', sourceConfig, 'site', `${base}.config.site`);
  take('protocol', sourceConfig, 'protocol', `${base}.config.protocol`);
  take(
    'mri_visit_session_mapping',
    sourceConfig,
    'mri_visit_session_mapping',
    `${base}.config.mri_visit_session_mapping`,
  );
  source.config = sourceConfig;
  take('redcap2wl', source, 'field_mapping', `${base}.field_mapping`);
  config.data_sources = [source];
  const emptyNote =
    sources === undefined ? '' : ' (data_sources was empty: Pylantir would have synced nothing)';
  result.warnings.push({
    path: '',
    message:
      `legacy Pylantir form converted: ${present.join(', ')} became data_sources[0] "${LEGACY_SOURCE_NAME}"` +
      `${emptyNote}; run \`mwl-bridge convert-config\` to write the new form`,
  });
}

function moveAllowedAet(config: Record<string, unknown>, result: ConversionResult): void {
  if (!('allowed_aet' in config)) return;
  const gateway = config.gateway;
  if (gateway !== undefined && !isPlainObject(gateway)) return; // the schema reports `gateway`
  if (gateway !== undefined && 'allowed_aet' in gateway) {
    result.problems.push({
      path: 'allowed_aet',
      message: 'set twice: here (Pylantir) and in gateway.allowed_aet; keep one',
    });
    delete config.allowed_aet;
    return;
  }
  config.gateway = { ...gateway, allowed_aet: config.allowed_aet };
  result.origins['gateway.allowed_aet'] = 'allowed_aet';
  delete config.allowed_aet;
  result.warnings.push({ path: 'allowed_aet', message: 'read as gateway.allowed_aet (Pylantir location)' });
}

function dropPylantirApiKeys(config: Record<string, unknown>, result: ConversionResult): void {
  const api = config.api;
  if (!isPlainObject(api)) return;
  const kept = { ...api };
  for (const [key, reason] of Object.entries(IGNORED_API_KEYS)) {
    if (key in kept) {
      delete kept[key];
      result.warnings.push({ path: `api.${key}`, message: `ignored (${reason})` });
    }
  }
  if (Object.keys(kept).length === 0 && Object.keys(api).length > 0) delete config.api;
  else config.api = kept;
}

function moveSourceKeysIntoConfig(config: Record<string, unknown>, result: ConversionResult): void {
  if (!Array.isArray(config.data_sources)) return;
  config.data_sources = config.data_sources.map((entry: unknown, index) => {
    if (!isPlainObject(entry)) return entry;
    const moved = SOURCE_KEYS_MOVED_INTO_CONFIG.filter((key) => key in entry);
    if (moved.length === 0) return entry;
    const source = { ...entry };
    const sourceConfig = isPlainObject(source.config) ? { ...source.config } : {};
    const base = joinPath('data_sources', index);
    for (const key of moved) {
      if (key in sourceConfig) {
        result.warnings.push({
          path: `${base}.${key}`,
          message: `ignored (${base}.config.${key} is also set)`,
        });
      } else {
        sourceConfig[key] = source[key];
        result.origins[`${base}.config.${key}`] = `${base}.${key}`;
        result.warnings.push({
          path: `${base}.${key}`,
          message: `read as ${base}.config.${key} (Pylantir passed it to the plugin's config)`,
        });
      }
      delete source[key];
    }
    if (source.config === undefined || isPlainObject(source.config)) source.config = sourceConfig;
    return source;
  });
}
