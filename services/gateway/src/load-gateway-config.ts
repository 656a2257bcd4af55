import {
  ConfigError,
  gatewaySchema,
  loadConfigFile,
  parseConfig,
  type ConfigWarning,
  type GatewayConfig,
} from '@mwl/config';

export interface LoadedGatewayConfig {
  gateway: GatewayConfig;
  warnings: ConfigWarning[];
}

/**
 * The `gateway` section of the config file at `path` (every problem of the file reported at once),
 * or the defaults when no file is configured.
 */
export async function loadGatewayConfig(
  path: string | undefined,
  timezone: string,
): Promise<LoadedGatewayConfig> {
  if (path === undefined) return { gateway: gatewaySchema.parse({}), warnings: [] };
  const file = await loadConfigFile(path);
  if (!file.ok) throw new ConfigError(file.problems, { heading: `${path}:` });
  const parsed = parseConfig(file.json, { defaults: { timezone } });
  if (!parsed.ok) throw new ConfigError(parsed.problems, { heading: `${path}:` });
  return { gateway: parsed.config.gateway, warnings: parsed.warnings };
}
