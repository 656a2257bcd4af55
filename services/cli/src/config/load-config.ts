import {
  loadConfigFile,
  parseConfig,
  type ConfigProblem,
  type ConfigWarning,
  type MwlBridgeConfig,
} from '@mwl/config';

export type LoadedConfig =
  | { ok: true; config: MwlBridgeConfig; warnings: ConfigWarning[] }
  | { ok: false; problems: ConfigProblem[]; warnings: ConfigWarning[]; json?: unknown };

/**
 * The config file at `path` (Pylantir's forms accepted), every problem of it at once; no file:
 * the defaults (a gateway on port 4242 as MWL_BRIDGE, no sources).
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
