import type { GatewayConfig } from '@mwl/config';
import { DIMSE_LIMIT_DEFAULTS, type DimseLimits, type DimseTlsOptions } from '@mwl/dimse';
import type { ResponseCharacterSet } from '@mwl/domain';

/** Everything the gateway runs with, resolved from the config file's `gateway` section and env. */
export interface GatewayOptions {
  host: string;
  /** 0 picks a free port (tests, the bench). */
  port: number;
  /** Called AE titles answered: `ae_title` first, then `called_ae_titles`. */
  aeTitles: string[];
  /** null: any calling AE title. */
  callingAeAllowList: string[] | null;
  /** Calling AE title → source addresses it may connect from (only titles with addresses). */
  callingAeAddressBinding: Record<string, string[]>;
  maxAssociations: number;
  maxPduLength: number;
  idleTimeoutMs: number;
  maxResults: number;
  /** Rows per database round trip while streaming. */
  pageSize: number;
  /** Longest wait for one page of matches before the query is answered 0xC000. */
  queryTimeoutMs: number;
  pnCaseInsensitive: boolean;
  /** SPS statuses hidden from a query that names none (`gateway.hide_statuses`). */
  hideStatuses?: readonly string[];
  /** Calling AE title → Specific Character Set; everyone else gets ISO_IR 192. */
  charsetPerAe: Record<string, ResponseCharacterSet>;
  /** Limits every peer is held to; absent ones take `DIMSE_LIMIT_DEFAULTS`. */
  limits?: Partial<DimseLimits>;
  tls?: DimseTlsOptions;
}

export const DEFAULT_MAX_PDU_LENGTH = 65_536;
/** Idle associations hold a slot; modalities query and release, so half a minute is plenty. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_PAGE_SIZE = 200;
export const DEFAULT_QUERY_TIMEOUT_MS = 3_000;

export interface GatewayOverrides {
  host?: string;
  port?: number;
  aeTitle?: string;
  pageSize?: number;
  queryTimeoutMs?: number;
  /** PEM contents (main.ts reads `gateway.tls`'s files). */
  tls?: DimseTlsOptions;
}

const seconds = (value: number | undefined, fallbackMs: number): number =>
  value !== undefined ? value * 1000 : fallbackMs;

/** The `gateway` section's limit keys, defaults filled in from @mwl/dimse. */
export function resolveGatewayLimits(config: GatewayConfig): DimseLimits {
  const d = DIMSE_LIMIT_DEFAULTS;
  return {
    associationRequestTimeoutMs: seconds(
      config.association_request_timeout_seconds,
      d.associationRequestTimeoutMs,
    ),
    pduTimeoutMs: seconds(config.pdu_timeout_seconds, d.pduTimeoutMs),
    operationTimeoutMs: seconds(config.operation_timeout_seconds, d.operationTimeoutMs),
    maxAssociationsPerAddress: config.max_associations_per_address ?? d.maxAssociationsPerAddress,
    tcpKeepAliveMs: seconds(config.tcp_keepalive_seconds, d.tcpKeepAliveMs),
    maxCommandBytes: d.maxCommandBytes,
    maxIdentifierBytes: config.max_identifier_bytes ?? d.maxIdentifierBytes,
    maxSequenceDepth: config.max_sequence_depth ?? d.maxSequenceDepth,
    maxSequenceItems: config.max_sequence_items ?? d.maxSequenceItems,
    maxAssociationBytes: config.max_association_bytes ?? d.maxAssociationBytes,
  };
}

/** The gateway's options: the config section with environment overrides applied. Pure. */
export function resolveGatewayOptions(
  config: GatewayConfig,
  overrides: GatewayOverrides = {},
): GatewayOptions {
  const aeTitle = overrides.aeTitle ?? config.ae_title;
  const binding: Record<string, string[]> = {};
  for (const allowed of config.allowed_aet) {
    if (allowed.addresses.length > 0) binding[allowed.ae_title] = [...allowed.addresses];
  }
  return {
    host: overrides.host ?? config.host,
    port: overrides.port ?? config.port,
    aeTitles: [...new Set([aeTitle, ...config.called_ae_titles])],
    callingAeAllowList: config.allowed_aet.length > 0 ? config.allowed_aet.map((a) => a.ae_title) : null,
    callingAeAddressBinding: binding,
    maxAssociations: config.max_associations,
    maxPduLength: config.max_pdu_length ?? DEFAULT_MAX_PDU_LENGTH,
    idleTimeoutMs:
      config.idle_timeout_seconds !== undefined
        ? config.idle_timeout_seconds * 1000
        : DEFAULT_IDLE_TIMEOUT_MS,
    maxResults: config.max_results,
    pageSize: overrides.pageSize ?? DEFAULT_PAGE_SIZE,
    queryTimeoutMs: overrides.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    pnCaseInsensitive: config.pn_case_insensitive,
    hideStatuses: [...config.hide_statuses],
    charsetPerAe: { ...config.charset_per_ae },
    limits: resolveGatewayLimits(config),
    ...(overrides.tls && {
      tls: {
        ...overrides.tls,
        ...(config.tls?.ae_title_binding && { aeTitleBinding: config.tls.ae_title_binding }),
      },
    }),
  };
}
