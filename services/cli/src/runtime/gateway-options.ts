import { readFile } from 'node:fs/promises';
import {
  formatProblems,
  resolveAllowedAddresses,
  systemResolveHost,
  type GatewayConfig,
  type ResolveHost,
  type TlsConfig,
} from '@mwl/config';
import type { DimseTlsOptions } from '@mwl/dimse';
import { GatewayConfigError, resolveGatewayOptions, type GatewayOptions } from '@mwl/gateway';

export interface GatewayOverrides {
  host?: string;
  port?: number;
  aeTitle?: string;
}

async function readTls(tls: TlsConfig | undefined): Promise<DimseTlsOptions | undefined> {
  if (!tls) return undefined;
  const read = async (what: string, path: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new GatewayConfigError(`cannot read gateway.tls.${what} (${path})`, { cause: error });
    }
  };
  return {
    cert: await read('cert_file', tls.cert_file),
    key: await read('key_file', tls.key_file),
    ...(tls.ca_file !== undefined && { ca: await read('ca_file', tls.ca_file) }),
  };
}

/**
 * The gateway's options: the config's `gateway` section, its TLS files read, the hostnames of its
 * `allowed_aet` addresses resolved (throws GatewayConfigError naming each one that does not),
 * overrides applied.
 */
export async function gatewayOptionsOf(
  config: GatewayConfig,
  overrides: GatewayOverrides,
  resolveHost: ResolveHost = systemResolveHost,
): Promise<GatewayOptions> {
  const resolved = await resolveAllowedAddresses(config, { resolveHost });
  if (!resolved.ok) {
    throw new GatewayConfigError(formatProblems(resolved.problems, 'gateway.allowed_aet addresses:'));
  }
  const tls = await readTls(config.tls);
  return resolveGatewayOptions(resolved.gateway, {
    ...(overrides.host !== undefined && { host: overrides.host }),
    ...(overrides.port !== undefined && { port: overrides.port }),
    ...(overrides.aeTitle !== undefined && { aeTitle: overrides.aeTitle }),
    ...(tls && { tls }),
  });
}
