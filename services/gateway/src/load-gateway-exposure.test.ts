import { describe, expect, it } from 'vitest';
import { gatewaySchema } from '@mwl/config';
import { loadGatewayOptions } from './load-gateway-options.ts';

describe('loadGatewayOptions', () => {
  it('warns at startup that the defaults accept any calling AE title from any address', async () => {
    const { warnings } = await loadGatewayOptions(gatewaySchema.parse({}), {}, () =>
      Promise.reject(new Error('no DNS')),
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        path: 'gateway.allowed_aet',
        message: expect.stringContaining('ANY calling AE title is accepted from ANY address') as string,
      }),
    ]);
  });
});
