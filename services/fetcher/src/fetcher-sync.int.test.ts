import {
  dbTest,
  loadFakeRedcapFixture,
  redcapLocalTime,
  redcapSourceFixture,
  startFakeRedcap,
  type FakeRedcap,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  configWith,
  FAST_REQUESTS,
  finishedRuns,
  harness,
  sleep,
  syncNow,
  waitForRuns,
  worklistRows,
  type Harness,
} from './test-support.ts';

// Acceptance 3 and 7: a persisted cursor catches up what changed while the fetcher was stopped;
// a first run backfills; deletions and removed repeat instances leave the worklist with the next
// full snapshot, never with an incremental fetch.

const fakes: FakeRedcap[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  h = undefined;
});

async function fake(fixture: 'classic' | 'repeating') {
  const server = await startFakeRedcap({
    fixture: loadFakeRedcapFixture(fixture),
    timezone: 'America/Edmonton',
  });
  fakes.push(server);
  return server;
}

const classicSource = (server: FakeRedcap, fetch: Record<string, unknown> = {}) => ({
  name: 'classic',
  ...redcapSourceFixture('classic-short', {
    config: { api_url: server.url, api_token_env: 'TOKEN_CLASSIC', request: FAST_REQUESTS },
  }),
  fetch,
});

const repeatingSource = (server: FakeRedcap, fetch: Record<string, unknown> = {}) => ({
  name: 'repeating',
  config: {
    api_url: server.url,
    api_token_env: 'TOKEN_REPEATING',
    allow_insecure_http: true, // the fake listens on http://127.0.0.1
    selection: { instrument: 'mri', date_field: 'mri_date', time_field: 'mri_time' },
    request: FAST_REQUESTS,
  },
  field_mapping: {
    patientName: { template: '{study_id}' },
    patientId: 'study_id',
    modality: { constant: 'MR' },
    scheduledStationAeTitle: { constant: 'MRI_3T' },
  },
  fetch,
});

/**
 * Stamps the fake's next changes with the real time, two seconds back: REDCap's modification
 * times have whole seconds and `dateRangeEnd` excludes its own second, so a change made in the
 * very second of a fetch belongs to the next one (which the cursor overlap covers).
 */
function stampChangesNow(server: FakeRedcap) {
  server.setNow(new Date(Date.now() - 2_000));
}

const keysOf = (rows: { sourceKey: string }[]) => rows.map((row) => row.sourceKey);

describe('the cursor', () => {
  dbTest('brings in what changed in REDCap while the fetcher was stopped', async ({ prisma }) => {
    const server = await fake('classic');
    h = await harness(prisma);
    const config = configWith([classicSource(server, { full_snapshot_interval: 86_400 })]);
    const env = { TOKEN_CLASSIC: server.token };

    const first = await h.startFetcher(config, env);
    const [backfill] = await waitForRuns(prisma, 'classic', 1);
    // The first run backfills the whole schedule window with a full snapshot.
    expect(backfill).toMatchObject({ kind: 'full', complete: true, outcome: 'succeeded', inserted: 4 });
    await first.stop();

    stampChangesNow(server);
    server.updateRow('1002', {}, { scan_time: '15:00' });
    server.upsertRecord('1007', [
      { last_name: 'New', first_name: 'Golf', scan_date: '2026-03-20', scan_time: '13:00' },
    ]);

    const second = await h.startFetcher(config, env);
    const run = await syncNow(prisma, second, 'classic');
    expect(run).toMatchObject({
      kind: 'incremental',
      outcome: 'succeeded',
      fetched: 2,
      inserted: 1,
      updated: 1,
    });
    const request = server.requests.filter((r) => r.content === 'record').at(-1);
    // Asked from the first run's start minus the 5-minute overlap, in REDCap's timezone.
    const expectedBegin = new Date(backfill!.startedAt.getTime() - 300_000);
    expect(request?.dateRangeBegin).toBe(redcapLocalTime(expectedBegin, 'America/Edmonton'));
    const rows = await worklistRows(prisma, 'classic');
    expect(keysOf(rows)).toEqual(['1001/-/-/-', '1002/-/-/-', '1005/-/-/-', '1006/-/-/-', '1007/-/-/-']);
    expect(rows.find((r) => r.sourceKey === '1002/-/-/-')?.spsStartTime).toBe('150000');
  });

  dbTest('backfills the configured days of changes when full snapshots are off', async ({ prisma }) => {
    const server = await fake('classic');
    stampChangesNow(server);
    server.updateRow('1001', {}, { scan_time: '10:00' });
    h = await harness(prisma);
    const config = configWith([classicSource(server, { full_snapshot_interval: 0, backfill_days: 1 })]);
    await h.startFetcher(config, { TOKEN_CLASSIC: server.token });
    const [run] = await waitForRuns(prisma, 'classic', 1);
    // The other records were last changed in February: older than the backfill.
    expect(run).toMatchObject({ kind: 'incremental', outcome: 'succeeded', inserted: 1 });
    expect(keysOf(await worklistRows(prisma, 'classic'))).toEqual(['1001/-/-/-']);
  });
});

describe('deletions', () => {
  dbTest(
    'a deleted record and a removed repeat instance leave the worklist with the next full snapshot only',
    async ({ prisma }) => {
      const classic = await fake('classic');
      const repeating = await fake('repeating');
      h = await harness(prisma);
      // A full snapshot is not due for an hour: what follows the first one is incremental,
      // however long this machine takes.
      const tokens = { TOKEN_CLASSIC: classic.token, TOKEN_REPEATING: repeating.token };
      const hourly = { full_snapshot_interval: 3600 };
      const first = await h.startFetcher(
        configWith([classicSource(classic, hourly), repeatingSource(repeating, hourly)]),
        tokens,
      );
      await waitForRuns(prisma, 'classic', 1);
      await waitForRuns(prisma, 'repeating', 1);

      classic.deleteRecord('1001');
      repeating.removeRepeatInstance('1', 'mri', 2);

      // Within the full-snapshot interval: incremental fetches, which cancel nothing.
      const incremental = await Promise.all([
        syncNow(prisma, first, 'classic'),
        syncNow(prisma, first, 'repeating'),
      ]);
      for (const run of incremental) {
        expect(run).toMatchObject({
          kind: 'incremental',
          complete: false,
          outcome: 'succeeded',
          cancelled: 0,
        });
      }
      expect(await prisma.worklistItem.count({ where: { cancelledAt: { not: null } } })).toBe(0);

      // The site shortens the interval to one second and restarts the fetcher: the stored last
      // full snapshot is older than that (waited for, from the stored runs), so the next is full.
      await first.stop();
      const latestFull = Math.max(
        ...[...(await finishedRuns(prisma, 'classic')), ...(await finishedRuns(prisma, 'repeating'))]
          .filter((run) => run.kind === 'full')
          .map((run) => run.startedAt.getTime()),
      );
      await sleep(Math.max(0, latestFull + 1_100 - Date.now()));
      const everySecond = { full_snapshot_interval: 1 };
      const second = await h.startFetcher(
        configWith([classicSource(classic, everySecond), repeatingSource(repeating, everySecond)]),
        tokens,
      );
      const full = await Promise.all([
        syncNow(prisma, second, 'classic'),
        syncNow(prisma, second, 'repeating'),
      ]);
      for (const run of full) {
        expect(run).toMatchObject({ kind: 'full', complete: true, outcome: 'succeeded', cancelled: 1 });
      }
      const cancelled = await prisma.worklistItem.findMany({
        where: { cancelledAt: { not: null } },
        orderBy: [{ source: 'asc' }, { sourceKey: 'asc' }],
      });
      expect(cancelled.map((row) => [row.source, row.sourceKey, row.status])).toEqual([
        ['classic', '1001/-/-/-', 'CANCELED'],
        ['repeating', '1/-/mri/2', 'CANCELED'],
      ]);
      expect(keysOf(await worklistRows(prisma, 'repeating', { active: true }))).toEqual([
        '1/-/mri/1',
        '2/-/mri/1',
        '4/-/mri/1',
      ]);
    },
  );
});
