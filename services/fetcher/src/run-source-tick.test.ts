import type { WorklistEntry } from '@mwl/domain';
import {
  createInProcessTransport,
  type EntryBatchPayload,
  type QueueTransport,
  type ReconcilePayload,
  type SyncFailurePayload,
} from '@mwl/queue';
import {
  SourceAuthError,
  type FetchEvent,
  type FetchWindowRequest,
  type Rejection,
  type SourceInstance,
} from '@mwl/sources';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceProgress } from './fetch-plan.ts';
import { fetchSettingsOf } from './fetch-settings.ts';
import { processSourceTick, type RuntimeSource } from './run-source-tick.ts';

// processSourceTick against a scripted plugin and the real in-process queue transport, whose
// handlers record what a writer would receive.

const NOW = new Date('2026-03-07T19:00:00Z'); // 12:00 in Edmonton
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function entry(key: string): WorklistEntry {
  return {
    source: 'redcap',
    sourceKey: key,
    patientName: 'Test^Alpha',
    patientId: `REG-${key}`,
    modality: 'MR',
    scheduledStationAeTitle: 'PRISMA_3T',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    status: 'SCHEDULED',
    extra: {},
  };
}

const rejection: Rejection = {
  sourceKey: '1003/-/-/-',
  reasonCode: 'MWL_REJECT_NO_SCHEDULED_DATE',
  message: 'scheduled date (field "scan_date") is empty',
  fields: ['spsStartDate'],
  rawRef: 'record=1003',
};

/** A plugin that yields `events` (or throws `error`) and remembers what it was asked. */
function scripted(events: FetchEvent[], error?: Error) {
  const requests: FetchWindowRequest[] = [];
  const instance: SourceInstance = {
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator without awaits
    async *fetchWindow(request) {
      requests.push(request);
      if (error) throw error;
      yield* events;
    },
  };
  return { instance, requests };
}

const end = (complete: boolean, keys: string[] = []): FetchEvent => ({
  type: 'end',
  complete,
  ...(complete ? { seenKeys: keys, rejectedKeys: ['1003/-/-/-'] } : {}),
  stats: { rows: 3, entries: keys.length, rejections: 1, skipped: 0, outsideWindow: 0 },
});

function runtime(instance: SourceInstance, extra: Record<string, unknown> = {}): RuntimeSource {
  return {
    name: 'redcap',
    instance,
    settings: fetchSettingsOf({ name: 'redcap', ...extra }),
    operationInterval: undefined,
    timezone: 'America/Edmonton',
    memory: {},
  };
}

let transport: QueueTransport | undefined;
afterEach(() => transport?.close());

/** An in-process transport whose "writer" records every payload. */
async function recordingTransport() {
  const seen = {
    entries: [] as EntryBatchPayload[],
    reconciles: [] as ReconcilePayload[],
    failures: [] as SyncFailurePayload[],
  };
  transport = createInProcessTransport({ logger: silent });
  await transport.consume({
    entries: (payload) => {
      seen.entries.push(payload);
      return Promise.resolve({
        inserted: payload.entries.length,
        updated: 0,
        unchanged: 0,
        reactivated: 0,
        rejected: 0,
      });
    },
    rejections: (payload) => Promise.resolve({ recorded: payload.items.length }),
    reconcile: (payload) => {
      seen.reconciles.push(payload);
      return Promise.resolve({});
    },
    syncFailure: (payload) => {
      seen.failures.push(payload);
      return Promise.resolve({});
    },
  });
  const settled = async () => {
    for (let i = 0; i < 200 && seen.reconciles.length + seen.failures.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { transport, seen, settled };
}

const first: SourceProgress = { modifiedUntil: null, lastFullSnapshotAt: null };
const recent: SourceProgress = {
  modifiedUntil: new Date('2026-03-07T18:50:00Z'),
  lastFullSnapshotAt: new Date('2026-03-07T18:30:00Z'),
};

function deps(t: QueueTransport, progress: SourceProgress | Error = first, signal?: AbortSignal) {
  return {
    transport: t,
    readProgress: () => (progress instanceof Error ? Promise.reject(progress) : Promise.resolve(progress)),
    clock: () => NOW,
    logger: silent,
    random: () => 'abc123',
    ...(signal ? { signal } : {}),
  };
}

describe('processSourceTick', () => {
  it('publishes the first fetch as a complete full snapshot of the schedule window', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const plugin = scripted([
      {
        type: 'batch',
        entries: [entry('1001/-/-/-'), entry('1002/-/-/-')],
        rejections: [rejection],
        warnings: [],
      },
      end(true, ['1001/-/-/-', '1002/-/-/-']),
    ]);
    const source = runtime(plugin.instance);
    const outcome = await processSourceTick(source, deps(transport));
    await settled();
    expect(outcome).toMatchObject({ outcome: 'published', complete: true, entries: 2, rejections: 1 });
    expect(plugin.requests[0]).toMatchObject({
      kind: 'full',
      from: new Date('2026-03-06T19:00:00Z'),
      to: new Date('2026-03-21T19:00:00Z'),
    });
    expect(seen.reconciles).toEqual([
      expect.objectContaining({
        snapshotId: 'redcap-full-20260307T190000000-abc123',
        kind: 'full',
        complete: true,
        window: { from: '2026-03-06T19:00:00.000Z', to: '2026-03-21T19:00:00.000Z' },
        startedAt: '2026-03-07T19:00:00.000Z',
        seenKeys: ['1001/-/-/-', '1002/-/-/-', '1003/-/-/-'],
      }),
    ]);
    expect(seen.entries.flatMap((b) => b.entries.map((e) => e.sourceKey))).toEqual([
      '1001/-/-/-',
      '1002/-/-/-',
    ]);
    expect(source.memory.lastFullPublishedAt).toEqual(NOW);
  });

  it('publishes an incremental fetch of the changes since the cursor, never complete', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const plugin = scripted([
      { type: 'batch', entries: [entry('1001/-/-/-')], rejections: [], warnings: [] },
      end(true, ['1001/-/-/-']),
    ]);
    await processSourceTick(runtime(plugin.instance), deps(transport, recent));
    await settled();
    expect(plugin.requests[0]).toMatchObject({
      kind: 'incremental',
      from: new Date('2026-03-07T18:45:00Z'),
      to: NOW,
      scheduled: { from: new Date('2026-03-06T19:00:00Z'), to: new Date('2026-03-21T19:00:00Z') },
    });
    expect(seen.reconciles[0]).toMatchObject({ kind: 'incremental', complete: false, seenKeys: [] });
  });

  it('publishes a full fetch the plugin did not see whole as incomplete', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const plugin = scripted([end(false)]);
    const source = runtime(plugin.instance);
    await processSourceTick(source, deps(transport));
    await settled();
    expect(seen.reconciles[0]).toMatchObject({ kind: 'full', complete: false });
    expect(source.memory.lastFullPublishedAt).toBeUndefined();
  });

  it('records a failed fetch with its code, and publishes no snapshot', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const plugin = scripted([], new SourceAuthError('REDCap refused the API token (HTTP 403)', 403));
    const outcome = await processSourceTick(runtime(plugin.instance), deps(transport, recent));
    await settled();
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'MWL_ERR_SOURCE_AUTH', recorded: true });
    expect(seen.reconciles).toEqual([]);
    expect(seen.failures).toEqual([
      {
        source: 'redcap',
        snapshotId: 'redcap-incremental-20260307T190000000-abc123',
        kind: 'incremental',
        window: { from: '2026-03-06T19:00:00.000Z', to: '2026-03-21T19:00:00.000Z' },
        startedAt: '2026-03-07T19:00:00.000Z',
        error: { code: 'MWL_ERR_SOURCE_AUTH', message: 'REDCap refused the API token (HTTP 403)' },
      },
    ]);
  });

  it.each<[string, FetchEvent[], string]>([
    ['ends without an end event', [], 'MWL_ERR_FETCH_PROTOCOL'],
    ['yields after its end event', [end(false), end(false)], 'MWL_ERR_FETCH_PROTOCOL'],
  ])('records a plugin that %s as broken', async (_label, events, code) => {
    const { transport, seen, settled } = await recordingTransport();
    await processSourceTick(runtime(scripted(events).instance), deps(transport, recent));
    await settled();
    expect(seen.failures.map((f) => f.error.code)).toEqual([code]);
  });

  it('records an aborted fetch as stopped', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const controller = new AbortController();
    controller.abort();
    await processSourceTick(
      runtime(scripted([end(false)]).instance),
      deps(transport, recent, controller.signal),
    );
    await settled();
    expect(seen.failures.map((f) => f.error.code)).toEqual(['MWL_ERR_FETCH_ABORTED']);
  });

  it('records a fetch whose cursor cannot be read, without a window', async () => {
    const { transport, seen, settled } = await recordingTransport();
    const plugin = scripted([end(false)]);
    await processSourceTick(runtime(plugin.instance), deps(transport, new Error('database is down')));
    await settled();
    expect(plugin.requests).toEqual([]);
    expect(seen.failures).toEqual([expect.objectContaining({ window: null, kind: 'incremental' })]);
    expect(seen.failures[0]!.error.code).toBe('MWL_ERR_FETCH_FAILED');
  });

  it.each([
    ['inside a window across midnight', { start_time: [22, 0], end_time: [13, 0] }, 'published'],
    ['outside its operation window', { start_time: [13, 0], end_time: [22, 0] }, 'outside_window'],
  ] as const)('fetches %s accordingly', async (_label, window, expected) => {
    const { transport } = await recordingTransport();
    const plugin = scripted([end(false)]);
    const source = {
      ...runtime(plugin.instance),
      operationInterval: { start_time: [...window.start_time], end_time: [...window.end_time] } as never,
    };
    const outcome = await processSourceTick(source, deps(transport, recent));
    expect(outcome.outcome).toBe(expected);
    expect(plugin.requests).toHaveLength(expected === 'published' ? 1 : 0);
  });
});
