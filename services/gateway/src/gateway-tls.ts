import { readFile } from 'node:fs/promises';
import type { GatewayConfig, TlsConfig } from '@mwl/config';
import type { DimseTlsOptions } from '@mwl/dimse';
import { GatewayConfigError } from './errors.ts';
import { resolveGatewayOptions, type GatewayOptions, type GatewayOverrides } from './gateway-options.ts';

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

/** The gateway's options: the config's `gateway` section, its TLS files read, overrides applied. */
export async function loadGatewayOptions(
  config: GatewayConfig,
  overrides: Omit<GatewayOverrides, 'tls'> = {},
): Promise<GatewayOptions> {
  const tls = await readTls(config.tls);
  return resolveGatewayOptions(config, { ...overrides, ...(tls && { tls }) });
}

/** The overrides a gateway's environment gives (shared by `mwl-bridge gateway` and `start`). */
export function gatewayOverridesOf(env: {
  GATEWAY_HOST?: string | undefined;
  GATEWAY_PORT?: number | undefined;
  GATEWAY_AE_TITLE?: string | undefined;
  CFIND_PAGE_SIZE: number;
  CFIND_QUERY_TIMEOUT_MS: number;
}): Omit<GatewayOverrides, 'tls'> {
  return {
    ...(env.GATEWAY_HOST !== undefined && { host: env.GATEWAY_HOST }),
    ...(env.GATEWAY_PORT !== undefined && { port: env.GATEWAY_PORT }),
    ...(env.GATEWAY_AE_TITLE !== undefined && { aeTitle: env.GATEWAY_AE_TITLE }),
    pageSize: env.CFIND_PAGE_SIZE,
    queryTimeoutMs: env.CFIND_QUERY_TIMEOUT_MS,
  };
}
