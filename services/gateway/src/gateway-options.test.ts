import { gatewaySchema } from '@mwl/config';
import { DIMSE_LIMIT_DEFAULTS } from '@mwl/dimse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_PDU_LENGTH, resolveGatewayOptions } from './gateway-options.ts';

describe('resolveGatewayOptions', () => {
  it('takes the config defaults: any calling AE, UTF-8 for everyone, cap 1000', () => {
    expect(resolveGatewayOptions(gatewaySchema.parse({}))).toEqual({
      host: '0.0.0.0',
      port: 4242,
      aeTitles: ['MWL_BRIDGE'],
      callingAeAllowList: null,
      callingAeAddressBinding: {},
      maxAssociations: 10,
      maxPduLength: DEFAULT_MAX_PDU_LENGTH,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      maxResults: 1000,
      pageSize: 200,
      queryTimeoutMs: 3000,
      pnCaseInsensitive: true,
      hideStatuses: ['CANCELED', 'COMPLETED', 'DISCONTINUED'],
      charsetPerAe: {},
      limits: DIMSE_LIMIT_DEFAULTS,
    });
  });

  it('reads the limit keys in seconds and bytes, and binds TLS client certificates to AE titles', () => {
    const config = gatewaySchema.parse({
      association_request_timeout_seconds: 5,
      pdu_timeout_seconds: 7,
      operation_timeout_seconds: 90,
      max_associations_per_address: 2,
      tcp_keepalive_seconds: 0,
      max_identifier_bytes: 8192,
      max_sequence_depth: 3,
      max_sequence_items: 50,
      max_association_bytes: 2 * 1024 * 1024,
      tls: { cert_file: 'c', key_file: 'k', ca_file: 'ca', ae_title_binding: { MRI_3T: ['mri-3t.example'] } },
    });
    const options = resolveGatewayOptions(config, { tls: { key: 'K', cert: 'C', ca: 'CA' } });
    expect(options.limits).toEqual({
      ...DIMSE_LIMIT_DEFAULTS,
      associationRequestTimeoutMs: 5000,
      pduTimeoutMs: 7000,
      operationTimeoutMs: 90_000,
      maxAssociationsPerAddress: 2,
      tcpKeepAliveMs: 0,
      maxIdentifierBytes: 8192,
      maxSequenceDepth: 3,
      maxSequenceItems: 50,
      maxAssociationBytes: 2 * 1024 * 1024,
    });
    expect(options.tls).toEqual({
      key: 'K',
      cert: 'C',
      ca: 'CA',
      aeTitleBinding: { MRI_3T: ['mri-3t.example'] },
    });
  });

  it('turns allowed_aet into an allow-list and binds only the titles that list addresses', () => {
    const config = gatewaySchema.parse({
      allowed_aet: ['MRI_3T', { ae_title: 'CT_1', addresses: ['10.0.0.5'] }],
      charset_per_ae: { OLD_CONSOLE: 'ISO_IR 100' },
      idle_timeout_seconds: 30,
      max_pdu_length: 16384,
    });
    expect(resolveGatewayOptions(config)).toMatchObject({
      callingAeAllowList: ['MRI_3T', 'CT_1'],
      callingAeAddressBinding: { CT_1: ['10.0.0.5'] },
      charsetPerAe: { OLD_CONSOLE: 'ISO_IR 100' },
      idleTimeoutMs: 30_000,
      maxPduLength: 16384,
    });
  });

  it('lets the environment override host, port and AE title, keeping the extra called titles', () => {
    const config = gatewaySchema.parse({ ae_title: 'FROM_FILE', called_ae_titles: ['ALIAS', 'FROM_ENV'] });
    const options = resolveGatewayOptions(config, {
      host: '127.0.0.1',
      port: 0,
      aeTitle: 'FROM_ENV',
      pageSize: 50,
    });
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      aeTitles: ['FROM_ENV', 'ALIAS'],
      pageSize: 50,
    });
  });
});
