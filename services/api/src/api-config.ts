import type { MwlBridgeConfig } from '@mwl/config';
import type { ApiSource } from './api-context.ts';
import type { ApiOptions } from './api-options.ts';
import { ApiConfigError } from './errors.ts';
import type { RedcapHookSettings } from './hooks/redcap-hook.routes.ts';

/** Shortest hook secret accepted: it is the only credential of the hook URL. */
export const MIN_HOOK_SECRET_LENGTH = 32;

/** The config file's sources as the api lists them. */
export function apiSourcesOf(config: MwlBridgeConfig): ApiSource[] {
  return config.data_sources.map((s) => ({
    name: s.name,
    type: s.type,
    enabled: s.enabled,
    syncIntervalSeconds: s.sync_interval,
  }));
}

/** `api.*` of the config file (and its `timezone`) as `buildApiApp` options. */
export function apiOptionsOf(config: MwlBridgeConfig): Partial<ApiOptions> {
  return {
    host: config.api.host,
    port: config.api.port,
    timezone: config.timezone,
    secureCookies: config.api.secure_cookies,
    trustProxy: config.api.trust_proxy,
    sessionTtlSeconds: Math.round(config.api.session_hours * 3600),
    pnCaseInsensitive: config.gateway.pn_case_insensitive,
    dicomwebMaxResults: config.gateway.max_results,
  };
}

/**
 * The Data Entry Trigger hooks of the enabled sources that configure one, their secrets read from
 * `secret_env` or `<secret_env>_FILE` (trimmed). Every missing or short secret is reported at once,
 * naming the variable, never its value.
 */
export function resolveRedcapHooks(
  config: MwlBridgeConfig,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): Record<string, RedcapHookSettings> {
  const hooks: Record<string, RedcapHookSettings> = {};
  const problems: string[] = [];
  for (const source of config.data_sources) {
    const trigger = source.data_entry_trigger;
    if (!trigger || !source.enabled) continue;
    const name = trigger.secret_env;
    let secret = env[name]?.trim();
    const file = env[`${name}_FILE`]?.trim();
    if (!secret && file) {
      try {
        secret = readFile(file).trim();
      } catch {
        problems.push(`${name}_FILE cannot be read`);
        continue;
      }
    }
    if (!secret) problems.push(`${name} (or ${name}_FILE) is not set`);
    else if (secret.length < MIN_HOOK_SECRET_LENGTH) {
      problems.push(`${name} must be at least ${MIN_HOOK_SECRET_LENGTH} characters`);
    } else {
      hooks[source.name] = {
        secret,
        ...(trigger.allowed_addresses ? { allowedAddresses: trigger.allowed_addresses } : {}),
        ...(trigger.project_id !== undefined ? { projectId: String(trigger.project_id) } : {}),
      };
    }
  }
  if (problems.length > 0) {
    throw new ApiConfigError(`Data Entry Trigger secrets: ${problems.join('; ')}`);
  }
  return hooks;
}
