import type { WorklistEntry } from '@mwl/domain';
import type {
  SnapshotEnd,
  SnapshotFailure,
  SnapshotHeader,
  SnapshotPart,
  SyncFailureInput,
} from '@mwl/queue';
import { SourceResponseError, type FetchEvent, type SourceInstance } from '@mwl/sources';
import { describe, expect, it } from 'vitest';
import { fetchSettingsOf } from './fetch-settings.ts';
import { processSourceTick, type RuntimeSource } from './run-source-tick.ts';

// How a tick feeds the snapshot stream: batch by batch as the plugin yields them, and an abandon
// when the fetch fails after some left. The stream itself is tested in @mwl/queue.

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const keyed = (key: string) => ({ source: 'redcap', sourceKey: key }) as WorklistEntry;
const batch = (...keys: string[]): FetchEvent => ({
  type: 'batch',
  entries: keys.map(keyed),
  rejections: [],
  warnings: [],
});

/** A transport whose snapshot stream and failures only write to `log`. */
function loggingTransport(log: string[]) {
  const finished: SnapshotEnd[] = [];
  const failures: SyncFailureInput[] = [];
  const abandoned: SnapshotFailure[] = [];
  const transport = {
    openSnapshot(header: SnapshotHeader) {
      log.push(`open ${header.kind}`);
      return {
        add: (part: SnapshotPart) => {
          log.push(`add ${part.entries.map((e) => e.sourceKey).join(',')}`);
          return Promise.resolve();
        },
        finish: (end: SnapshotEnd) => {
          // The keys come as one sequence, read once: recorded as the list they make.
          finished.push(end.seenKeys ? { ...end, seenKeys: [...end.seenKeys] } : end);
          return Promise.resolve({
            snapshotId: header.snapshotId,
            reconcileJobId: 'r',
            entryBatches: 1,
            rejectionBatches: 0,
            duplicateEntries: 0,
          });
        },
        abandon: (failure: SnapshotFailure) => {
          abandoned.push(failure);
          return Promise.resolve();
        },
      };
    },
    publishSyncFailure: (report: SyncFailureInput) => {
      failures.push(report);
      return Promise.resolve();
    },
  };
  return { transport, finished, failures, abandoned };
}

function source(events: FetchEvent[], log: string[], error?: Error): RuntimeSource {
  const instance: SourceInstance = {
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator without awaits
    async *fetchWindow() {
      for (const event of events) {
        log.push(`yield ${event.type}`);
        yield event;
      }
      if (error) throw error;
    },
  };
  return {
    name: 'redcap',
    instance,
    settings: fetchSettingsOf({ name: 'redcap' }),
    operationInterval: undefined,
    timezone: 'America/Edmonton',
    memory: {},
  };
}

const deps = (transport: ReturnType<typeof loggingTransport>['transport']) => ({
  transport,
  readProgress: () => Promise.resolve({ modifiedUntil: null, lastFullSnapshotAt: null }),
  clock: () => new Date('2026-03-07T19:00:00Z'),
  logger: silent,
});

describe('processSourceTick and the snapshot stream', () => {
  it('hands each batch to the stream before reading the next, then finishes it with every key', async () => {
    const log: string[] = [];
    const { transport, finished } = loggingTransport(log);
    const end: FetchEvent = {
      type: 'end',
      complete: true,
      seenKeys: ['a', 'b', 'c'],
      rejectedKeys: ['d'],
      stats: { rows: 4, entries: 3, rejections: 1, skipped: 0, outsideWindow: 0 },
    };
    const outcome = await processSourceTick(source([batch('a', 'b'), batch('c'), end], log), deps(transport));
    expect(outcome).toMatchObject({ outcome: 'published', complete: true, entries: 3 });
    expect(log).toEqual(['open full', 'yield batch', 'add a,b', 'yield batch', 'add c', 'yield end']);
    expect(finished).toEqual([{ complete: true, seenKeys: ['a', 'b', 'c', 'd'] }]);
  });

  it('abandons the snapshot with the error when the fetch fails after batches left, and records the failure', async () => {
    const log: string[] = [];
    const { transport, finished, failures, abandoned } = loggingTransport(log);
    const error = new SourceResponseError('REDCap answered an export with invalid JSON');
    const outcome = await processSourceTick(source([batch('a', 'b')], log, error), deps(transport));
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'MWL_ERR_SOURCE_RESPONSE', recorded: true });
    expect(finished).toEqual([]);
    expect(abandoned).toEqual([expect.objectContaining({ code: 'MWL_ERR_SOURCE_RESPONSE' })]);
    expect(failures).toEqual([expect.objectContaining({ error: abandoned[0] })]);
  });
});
