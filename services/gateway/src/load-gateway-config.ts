import {
  ConfigError,
  gatewayExposureWarnings,
  gatewaySchema,
  loadConfigFile,
  parseConfig,
  resolveAllowedAddresses,
  systemResolveHost,
  type ConfigWarning,
  type GatewayConfig,
  type ResolveHost,
} from '@mwl/config';

export interface LoadedGatewayConfig {
  /** With the hostnames of `allowed_aet` addresses resolved to IP addresses. */
  gateway: GatewayConfig;
  /** The file's warnings, then the security ones (`gatewayExposureWarnings`): log each at startup. */
  warnings: ConfigWarning[];
}

/**
 * The `gateway` section of the config file at `path` (every problem of the file reported at once),
 * or the defaults when no file is configured. Hostnames in `allowed_aet` addresses are resolved
 * now; one that does not resolve is a problem.
 */
export async function loadGatewayConfig(
  path: string | undefined,
  timezone: string,
  resolveHost: ResolveHost = systemResolveHost,
): Promise<LoadedGatewayConfig> {
  let gateway = gatewaySchema.parse({});
  const warnings: ConfigWarning[] = [];
  if (path !== undefined) {
    const file = await loadConfigFile(path);
    if (!file.ok) throw new ConfigError(file.problems, { heading: `${path}:` });
    const parsed = parseConfig(file.json, { defaults: { timezone } });
    if (!parsed.ok) throw new ConfigError(parsed.problems, { heading: `${path}:` });
    gateway = parsed.config.gateway;
    warnings.push(...parsed.warnings);
  }
  const resolved = await resolveAllowedAddresses(gateway, { resolveHost });
  if (!resolved.ok) throw new ConfigError(resolved.problems, { heading: `${path ?? 'gateway'}:` });
  return { gateway: resolved.gateway, warnings: [...warnings, ...gatewayExposureWarnings(gateway)] };
}
