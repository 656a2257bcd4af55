import { createMetrics } from '@mwl/observability';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics, MAX_CALLING_AE_LABELS } from './gateway-metrics.ts';

describe('gateway MPPS metrics', () => {
  it('counts MPPS answers by operation, outcome and calling AE title', async () => {
    const holder = createMetrics();
    const metrics = createGatewayMetrics(holder);
    metrics.mppsAnswered('n_create', 'created', 'MR1');
    metrics.mppsAnswered('n_create', 'created', 'MR1');
    metrics.mppsAnswered('n_set', 'final', 'CT1');
    const text = await holder.registry.metrics();
    expect(text).toContain(
      'mwl_gateway_mpps_requests_total{operation="n_create",outcome="created",calling_ae="MR1"} 2',
    );
    expect(text).toContain(
      'mwl_gateway_mpps_requests_total{operation="n_set",outcome="final",calling_ae="CT1"} 1',
    );
  });

  it('labels calling AE titles beyond the first MAX_CALLING_AE_LABELS as other', async () => {
    const holder = createMetrics();
    const metrics = createGatewayMetrics(holder);
    for (let i = 0; i < MAX_CALLING_AE_LABELS + 5; i++) metrics.mppsAnswered('n_create', 'created', `AE${i}`);
    metrics.mppsAnswered('n_create', 'created', 'AE0');
    const text = await holder.registry.metrics();
    expect(text).toContain('calling_ae="other"} 5');
    expect(text).toContain('calling_ae="AE0"} 2');
  });
});
