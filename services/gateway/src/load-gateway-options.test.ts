import { gatewaySchema } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { GatewayConfigError } from './errors.ts';
import { loadGatewayOptions } from './load-gateway-options.ts';

const hosts: Record<string, string[]> = { 'mri.hospital.example': ['10.0.0.21', 'fd00::21'] };
const resolveHost = (hostname: string) =>
  hosts[hostname]
    ? Promise.resolve(hosts[hostname])
    : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));

describe('the gateway options every gateway process runs with', () => {
  it('bind calling AE titles to the addresses their hostnames resolve to', async () => {
    const config = gatewaySchema.parse({
      allowed_aet: [{ ae_title: 'MRI_3T', addresses: ['mri.hospital.example'] }],
    });
    const { options } = await loadGatewayOptions(config, {}, resolveHost);
    expect(options.callingAeAddressBinding).toEqual({ MRI_3T: ['10.0.0.21', 'fd00::21'] });
  });

  it('are refused, naming the address, when a hostname does not resolve', async () => {
    const config = gatewaySchema.parse({
      allowed_aet: [{ ae_title: 'MRI_3T', addresses: ['gone.hospital.example'] }],
    });
    const attempt = loadGatewayOptions(config, {}, resolveHost);
    await expect(attempt).rejects.toBeInstanceOf(GatewayConfigError);
    await expect(attempt).rejects.toThrow(
      'gateway.allowed_aet[0].addresses[0]: hostname "gone.hospital.example" does not resolve to an address',
    );
  });
});
