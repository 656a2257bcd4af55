import type { WorklistEntry } from '@mwl/domain';
import type { SnapshotInput } from '@mwl/queue';
import type { FetchEvent, SourceInstance } from '@mwl/sources';
import { describe, expect, it } from 'vitest';
import { fetchSettingsOf } from './fetch-settings.ts';
import type { RuntimeSource } from './run-source-tick.ts';
import { processTargetedFetch } from './targeted-fetch.job.ts';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const NOW = new Date('2026-03-07T19:00:00Z');

const entry: WorklistEntry = {
  source: 'study',
  sourceKey: '1001/-/-/-',
  patientName: 'Test^Alpha',
  patientId: 'REG-1001',
  modality: 'MR',
  scheduledStationAeTitle: 'PRISMA_3T',
  spsStartDate: '20260310',
  spsStartTime: '093000',
  spsStartAt: '2026-03-10T09:30:00-06:00',
  timezone: 'America/Edmonton',
  status: 'SCHEDULED',
  extra: {},
};

function runtime(instance: SourceInstance): RuntimeSource {
  return {
    name: 'study',
    instance,
    settings: fetchSettingsOf({ name: 'study', sync_interval: 600 }),
    operationInterval: undefined,
    timezone: 'America/Edmonton',
    memory: {},
  };
}

function deps(source: RuntimeSource | undefined) {
  const published: SnapshotInput[] = [];
  return {
    published,
    deps: {
      sourceOf: (name: string) => (name === 'study' ? source : undefined),
      transport: {
        publishSnapshot: (snapshot: SnapshotInput) => {
          published.push(snapshot);
          return Promise.resolve({
            snapshotId: snapshot.snapshotId,
            reconcileJobId: 'r',
            entryBatches: 1,
            rejectionBatches: 0,
            duplicateEntries: 0,
          });
        },
      },
      clock: () => NOW,
      logger: silent,
    },
  };
}

const job = { source: 'study', recordIds: ['1001'], requestedAt: '2026-03-07T18:59:59Z' };

describe('processTargetedFetch', () => {
  it('publishes what fetchKeys read as a targeted snapshot that cancels nothing', async () => {
    const asked: string[][] = [];
    const instance: SourceInstance = {
      fetchWindow: () => {
        throw new Error('not a window fetch');
      },
      // eslint-disable-next-line @typescript-eslint/require-await -- an async generator without awaits
      async *fetchKeys(keys): AsyncIterable<FetchEvent> {
        asked.push([...keys]);
        yield { type: 'batch', entries: [entry], rejections: [], warnings: [] };
        yield {
          type: 'end',
          complete: false,
          stats: { rows: 1, entries: 1, rejections: 0, skipped: 0, outsideWindow: 0 },
        };
      },
    };
    const { published, deps: d } = deps(runtime(instance));
    const outcome = await processTargetedFetch(job, d);
    expect(asked).toEqual([['1001']]);
    expect(published).toMatchObject([
      { source: 'study', kind: 'targeted', window: null, complete: false, entries: [entry] },
    ]);
    expect(outcome).toMatchObject({ outcome: 'published', entries: 1, sinceRequestMs: 1000 });
  });

  it('skips a source this fetcher does not run, or one that cannot fetch single records', async () => {
    expect(await processTargetedFetch({ ...job, source: 'other' }, deps(undefined).deps)).toMatchObject({
      outcome: 'skipped',
    });
    const windowOnly: SourceInstance = {
      fetchWindow: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
      }),
    };
    const { published, deps: d } = deps(runtime(windowOnly));
    expect(await processTargetedFetch(job, d)).toMatchObject({ outcome: 'skipped', reason: 'no-fetch-keys' });
    expect(published).toEqual([]);
  });
});
