import { createLogger } from '@mwl/observability';
import type { SourceInstance } from '@mwl/sources';
import { describe, expect, it } from 'vitest';
import { fetchSettingsOf } from './fetch-settings.ts';
import type { RuntimeSource } from './run-source-tick.ts';
import { createSourceFreshness } from './source-freshness.ts';

const MIN = 60_000;
const T0 = new Date('2026-03-10T14:00:00Z'); // 08:00 in Edmonton (MDT)

function source(name: string, extra: Partial<RuntimeSource> = {}): RuntimeSource {
  return {
    name,
    instance: {} as SourceInstance,
    settings: fetchSettingsOf({ name, sync_interval: 60, stale_after_intervals: 3 }),
    operationInterval: undefined,
    timezone: 'America/Edmonton',
    memory: {},
    ...extra,
  };
}

function setup(sources: RuntimeSource[], stored: Record<string, Date | null> = {}) {
  let now = T0.getTime();
  const lines: string[] = [];
  const freshness = createSourceFreshness({
    sources,
    readProgress: (name) =>
      Promise.resolve({ modifiedUntil: stored[name] ?? null, lastFullSnapshotAt: null }),
    clock: () => new Date(now),
    logger: createLogger({
      service: 'test',
      level: 'info',
      destination: { write: (l: string) => void lines.push(l) },
    }),
  });
  const stale = async () => {
    try {
      await freshness.check();
      return [];
    } catch (error) {
      return (error as { sources: string[] }).sources;
    }
  };
  return { freshness, stale, lines, advance: (ms: number) => (now += ms), now: () => new Date(now) };
}

describe('source freshness', () => {
  it('gives a source its intervals from the start before calling it stale', async () => {
    const h = setup([source('a')]);
    h.advance(3 * MIN);
    expect(await h.stale()).toEqual([]);
    h.advance(1);
    expect(await h.stale()).toEqual(['a']);
  });

  it('counts a snapshot published here and a run stored by another replica as success', async () => {
    const h = setup([source('here'), source('elsewhere')], { elsewhere: new Date(T0.getTime() + 5 * MIN) });
    h.advance(5 * MIN);
    h.freshness.noteTick('here', 'published', h.now());
    h.advance(3 * MIN);
    expect(await h.stale()).toEqual([]);
    h.advance(1);
    expect(await h.stale()).toEqual(['here', 'elsewhere']);
  });

  it('does not count a failed tick', async () => {
    const h = setup([source('a')]);
    h.advance(3 * MIN);
    h.freshness.noteTick('a', 'failed', h.now());
    h.advance(1);
    expect(await h.stale()).toEqual(['a']);
  });

  it('expects nothing outside the operation window, nor right after it opens', async () => {
    // Open 09:00–17:00 Edmonton; T0 is 08:00: closed.
    const h = setup([source('a', { operationInterval: { start_time: [9, 0], end_time: [17, 0] } })]);
    h.advance(59 * MIN);
    expect(await h.stale()).toEqual([]);
    h.advance(3 * MIN); // 09:02, two minutes after opening
    expect(await h.stale()).toEqual([]);
    h.advance(2 * MIN);
    expect(await h.stale()).toEqual(['a']);
  });

  it('logs when a source becomes stale and when it syncs again, once each', async () => {
    const h = setup([source('a')]);
    h.advance(4 * MIN);
    await h.stale();
    await h.stale();
    h.freshness.noteTick('a', 'published', h.now());
    await h.stale();
    const messages = h.lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual([
      'source has not synced for stale_after_intervals: readiness fails',
      'source syncs again',
    ]);
  });
});
