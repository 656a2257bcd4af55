import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { GatewayConfig } from './gateway-schema.ts';
import type { ConfigProblem, ConfigWarning } from './problems.ts';

/**
 * Who may talk to the gateway. An AE title is not a password: a gateway that accepts any calling
 * AE title from any address answers every host that can reach its port with patient data.
 * `check-config` and every startup say so loudly unless the config sets `gateway.allow_any: true`.
 */
export function gatewayExposureWarnings(gateway: GatewayConfig): ConfigWarning[] {
  if (gateway.allowed_aet.length === 0 && !gateway.allow_any) {
    return [
      {
        path: 'gateway.allowed_aet',
        message:
          'is empty: ANY calling AE title is accepted from ANY address, and gets patient data ' +
          '(an AE title is not a password). List the modalities, with their addresses, in ' +
          'gateway.allowed_aet, or set gateway.allow_any: true to accept every peer on purpose',
      },
    ];
  }
  if (gateway.allowed_aet.length > 0 && gateway.allow_any) {
    return [
      {
        path: 'gateway.allow_any',
        message: 'has no effect: gateway.allowed_aet lists the calling AE titles accepted',
      },
    ];
  }
  return [];
}

/** Every address a hostname has (IPv4 and IPv6); rejects when it has none. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as connecting peers are named. */
export const systemResolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface ResolveAllowedAddressesOptions {
  resolveHost: ResolveHost;
  /** A hostname not resolved within this long is a problem. Default 5 s. */
  timeoutMs?: number;
}

export type ResolveAllowedAddressesResult =
  { ok: true; gateway: GatewayConfig } | { ok: false; problems: ConfigProblem[] };

/** RFC 1123 host names (labels of letters, digits and inner hyphens), optionally fully qualified. */
const HOSTNAME =
  /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reasonOf(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ETIMEOUT') return `was not resolved within ${timeoutMs} ms`;
  if (code === 'ENOTFOUND' || code === 'ENODATA') return 'does not resolve to an address';
  return `could not be resolved (${typeof code === 'string' ? code : 'resolver error'})`;
}

/**
 * The gateway section with every hostname in `allowed_aet[].addresses` replaced by the addresses
 * it resolves to now (peers are matched by IP address), or a problem for each one that does not
 * resolve or is neither an IP address nor a hostname. Run at config time (check-config, startup):
 * an address that changes later needs a restart.
 */
export async function resolveAllowedAddresses(
  gateway: GatewayConfig,
  options: ResolveAllowedAddressesOptions,
): Promise<ResolveAllowedAddressesResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const problems: ConfigProblem[] = [];
  const lookups = new Map<string, Promise<string[]>>();
  const resolveOnce = (hostname: string) => {
    let found = lookups.get(hostname);
    if (!found) {
      found = withTimeout(options.resolveHost(hostname), timeoutMs);
      lookups.set(hostname, found);
    }
    return found;
  };

  const allowed = await Promise.all(
    gateway.allowed_aet.map(async (entry, i) => {
      const resolved = await Promise.all(
        entry.addresses.map(async (address, j): Promise<string[]> => {
          const path = `gateway.allowed_aet[${i}].addresses[${j}]`;
          const text = address.trim();
          if (isIP(text) !== 0) return [text];
          if (!HOSTNAME.test(text)) {
            problems.push({ path, message: `"${address}" is neither an IP address nor a hostname` });
            return [];
          }
          try {
            const addresses = (await resolveOnce(text.toLowerCase())).filter((a) => isIP(a) !== 0);
            if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
            return addresses;
          } catch (error) {
            problems.push({ path, message: `hostname "${text}" ${reasonOf(error, timeoutMs)}` });
            return [];
          }
        }),
      );
      return { ...entry, addresses: [...new Set(resolved.flat())] };
    }),
  );
  if (problems.length > 0) {
    problems.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    return { ok: false, problems };
  }
  return { ok: true, gateway: { ...gateway, allowed_aet: allowed } };
}
