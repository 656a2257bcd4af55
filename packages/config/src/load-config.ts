import { ConfigError } from './errors.ts';
import { loadConfigFile } from './load-config-file.ts';
import { parseConfig } from './parse-config.ts';
import type { MwlBridgeConfig } from './config-schema.ts';
import type { ConfigProblem, ConfigWarning } from './problems.ts';

export type LoadedConfig =
  | { ok: true; config: MwlBridgeConfig; warnings: ConfigWarning[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigWarning[]; json?: unknown };

/**
 * The config file at `path` (Pylantir's forms accepted), every problem of it at once; no file: the
 * defaults (a gateway on port 4242 as MWL_BRIDGE, no sources). Every process reads it this way.
 */
export async function loadConfig(path: string | undefined, hostTimezone: string): Promise<LoadedConfig> {
  let json: unknown = {};
  if (path !== undefined) {
    const file = await loadConfigFile(path);
    if (!file.ok) return { ok: false, problems: file.problems, warnings: [] };
    json = file.json;
  }
  const parsed = parseConfig(json, { defaults: { timezone: hostTimezone } });
  return parsed.ok ? parsed : { ...parsed, json };
}

/** `loadConfig` for a service: the config and its warnings, or a `ConfigError` listing every problem. */
export async function loadConfigOrThrow(
  path: string | undefined,
  hostTimezone: string,
): Promise<{ config: MwlBridgeConfig; warnings: ConfigWarning[] }> {
  const loaded = await loadConfig(path, hostTimezone);
  if (!loaded.ok) throw new ConfigError(loaded.problems, { heading: `${path ?? 'config'}:` });
  return { config: loaded.config, warnings: loaded.warnings };
}
