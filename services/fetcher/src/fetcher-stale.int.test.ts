import { createMetrics } from '@mwl/observability';
import { dbTest, loadFakeRedcapFixture, startFakeRedcap, type FakeRedcap } from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import { createFetcherMetrics } from './fetcher-metrics.ts';
import {
  configWith,
  deleteQueueKeys,
  FAST_REQUESTS,
  harness,
  sleep,
  waitForRuns,
  type Harness,
} from './test-support.ts';

// Issue 12, case 7: lost queue state must not stop fetching for good, and a source that stops
// syncing must show in readiness and metrics instead of going unnoticed.

const fakes: FakeRedcap[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  h = undefined;
});

const source = (name: string, server: FakeRedcap, fetch: Record<string, unknown> = {}) => ({
  name,
  sync_interval: 1,
  config: {
    api_url: server.url,
    api_token_env: `TOKEN_${name.toUpperCase()}`,
    selection: { date_field: 'scan_date', time_field: 'scan_time' },
    request: FAST_REQUESTS,
  },
  field_mapping: {
    patientName: { template: '{last_name}^{first_name}' },
    patientId: { template: 'REG-{record_id}' },
    modality: { constant: 'MR' },
    scheduledStationAeTitle: { constant: 'PRISMA_3T' },
  },
  fetch,
});

async function fakeRedcap(): Promise<FakeRedcap> {
  const fake = await startFakeRedcap({
    fixture: loadFakeRedcapFixture('classic'),
    timezone: 'America/Edmonton',
  });
  fakes.push(fake);
  return fake;
}

async function settle(check: () => Promise<void>): Promise<unknown> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the fetcher, when syncing stops', () => {
  dbTest('resumes fetching by itself after the queue keys are deleted from Redis', async ({ prisma }) => {
    const server = await fakeRedcap();
    h = await harness(prisma);
    await h.startFetcher(configWith([source('a', server)]), { TOKEN_A: server.token });
    await waitForRuns(prisma, 'a', 1);
    await sleep(300);
    await deleteQueueKeys(h.prefix);
    const runs = (await waitForRuns(prisma, 'a', 1)).length;
    // The scheduler is looked for every interval (1 s): a couple of intervals, then ticks again.
    await waitForRuns(prisma, 'a', runs + 2, 10_000);
  });

  dbTest(
    'fails its readiness check for a source that has not synced for stale_after_intervals, and the metric says so',
    async ({ prisma }) => {
      const [good, bad] = [await fakeRedcap(), await fakeRedcap()];
      h = await harness(prisma);
      const metrics = createMetrics({ defaultMetrics: false });
      const running = await h.startFetcher(
        configWith([source('good', good), source('refused', bad, { stale_after_intervals: 2 })]),
        { TOKEN_GOOD: good.token, TOKEN_REFUSED: 'NOT-THE-TOKEN' },
        { metrics: createFetcherMetrics(metrics) },
      );
      // Right after start no source has had its intervals yet: ready.
      expect(await settle(() => running.fetcher.checkFreshness())).toBeUndefined();
      const deadline = Date.now() + 10_000;
      let failure: unknown;
      while (!failure && Date.now() < deadline) {
        await sleep(100);
        failure = await settle(() => running.fetcher.checkFreshness());
      }
      expect(failure).toMatchObject({ code: 'MWL_ERR_FETCHER_SOURCE_STALE' });
      expect((failure as Error).message).toContain('"refused"');
      expect((failure as Error).message).not.toContain('"good"');
      const text = await metrics.registry.metrics();
      expect(text).toContain('mwl_fetcher_source_stale{source="refused"} 1');
      expect(text).toContain('mwl_fetcher_source_stale{source="good"} 0');
      expect(text).toMatch(/mwl_fetcher_last_success_age_seconds\{source="refused"\} [2-9]/);
    },
  );
});
