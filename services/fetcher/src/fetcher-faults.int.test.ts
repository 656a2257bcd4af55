import {
  dbTest,
  loadFakeRedcapFixture,
  redcapSourceFixture,
  startFakeRedcap,
  type FakeRedcap,
  type FakeRedcapFaultKind,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  configWith,
  FAST_REQUESTS,
  harness,
  sleep,
  syncNow,
  waitForRuns,
  worklistRows,
  type Harness,
} from './test-support.ts';

// Acceptance 5: REDCap failing (500s, timeouts, invalid JSON, a refused token) gives a SyncRun with
// a clear error after retries with backoff, cancels nothing, and another source keeps syncing.

const fakes: FakeRedcap[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  h = undefined;
});

const source = (name: string, server: FakeRedcap) => ({
  name,
  ...redcapSourceFixture('classic-short', {
    config: { api_url: server.url, api_token_env: `TOKEN_${name.toUpperCase()}`, request: FAST_REQUESTS },
  }),
  // Every tick a full snapshot: a failing one is the fetch that could wrongly cancel.
  fetch: { full_snapshot_interval: 1 },
});

async function twoSources(prisma: Parameters<typeof harness>[0], tokens: { a?: string } = {}) {
  const a = await startFakeRedcap({
    fixture: loadFakeRedcapFixture('classic'),
    timezone: 'America/Edmonton',
  });
  const b = await startFakeRedcap({
    fixture: loadFakeRedcapFixture('classic'),
    timezone: 'America/Edmonton',
  });
  fakes.push(a, b);
  h = await harness(prisma);
  const running = await h.startFetcher(configWith([source('a', a), source('b', b)]), {
    TOKEN_A: tokens.a ?? a.token,
    TOKEN_B: b.token,
  });
  return { a, b, running };
}

const cases: [string, FakeRedcapFaultKind, string, number][] = [
  ['HTTP 500', 'http500', 'MWL_ERR_SOURCE_UNAVAILABLE', 3],
  ['a timeout', 'timeout', 'MWL_ERR_SOURCE_TIMEOUT', 3],
  ['invalid JSON', 'invalid-json', 'MWL_ERR_SOURCE_RESPONSE', 3],
  ['HTTP 403', 'http403', 'MWL_ERR_SOURCE_AUTH', 1],
];

describe('a failing source', () => {
  dbTest.for(cases)(
    'answering %s records a failed run with a clear error, cancels nothing, and leaves the other source syncing',
    async ([, fault, code, attempts], { prisma }) => {
      const { a, running } = await twoSources(prisma);
      const [firstA] = await waitForRuns(prisma, 'a', 1);
      const [firstB] = await waitForRuns(prisma, 'b', 1);
      // Both sources' next tick must find their full snapshot older than the 1 s interval, so the
      // wait runs from the LATER of the two first runs (b's may start well after a's on a busy
      // machine; waiting from a's alone made b's triggered run incremental now and then).
      const lastFirst = Math.max(firstA!.startedAt.getTime(), firstB!.startedAt.getTime());
      await sleep(Math.max(0, lastFirst + 1_100 - Date.now()));

      a.resetStats();
      a.injectFault(fault, attempts, { content: 'record' });
      const [runA, runB] = await Promise.all([syncNow(prisma, running, 'a'), syncNow(prisma, running, 'b')]);

      expect(runA).toMatchObject({ kind: 'full', outcome: 'failed', cancelled: 0, fetched: 0 });
      expect(runA.error).toMatch(new RegExp(`^${code}: .+`));
      expect(runA.error).not.toMatch(/<html>|first_na/);
      // Retried with backoff (REDCap's 4xx are not retried: they cannot get better).
      expect(a.stats.byContent.record).toBe(attempts);
      expect(runB).toMatchObject({ kind: 'full', outcome: 'succeeded' });
      if (fault === 'timeout') expect(runB.finishedAt!.getTime()).toBeLessThan(runA.finishedAt!.getTime());

      expect(await prisma.worklistItem.count({ where: { cancelledAt: { not: null } } })).toBe(0);
      expect(await worklistRows(prisma, 'a', { active: true })).toHaveLength(4);

      a.clearFaults();
      expect(await syncNow(prisma, running, 'a')).toMatchObject({ kind: 'full', outcome: 'succeeded' });
    },
  );

  dbTest(
    'whose token is refused at startup is marked unhealthy while the other syncs',
    async ({ prisma }) => {
      const { running } = await twoSources(prisma, { a: 'NOT-THE-TOKEN' });
      expect(running.fetcher.status()).toEqual([
        {
          name: 'a',
          state: 'check-failed',
          code: 'MWL_ERR_SOURCE_AUTH',
          message: expect.stringContaining('403') as string,
        },
        { name: 'b', state: 'ready' },
      ]);
      const [runA] = await waitForRuns(prisma, 'a', 1);
      const [runB] = await waitForRuns(prisma, 'b', 1);
      expect(runA).toMatchObject({
        outcome: 'failed',
        error: expect.stringMatching(/^MWL_ERR_SOURCE_AUTH: /) as string,
      });
      expect(runB).toMatchObject({ outcome: 'succeeded', inserted: 4 });
    },
  );
});
