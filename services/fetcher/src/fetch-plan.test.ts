import { describe, expect, it } from 'vitest';
import { planFetch, type SourceProgress } from './fetch-plan.ts';
import type { FetchSettings } from './fetch-settings.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const settings: FetchSettings = {
  everyMs: MIN,
  fullEveryMs: HOUR,
  lookbackMs: DAY,
  horizonMs: 14 * DAY,
  overlapMs: 5 * MIN,
  backfillMs: 7 * DAY,
  staleAfterIntervals: 3,
};
const now = new Date('2026-03-07T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const none: SourceProgress = { modifiedUntil: null, lastFullSnapshotAt: null };

describe('planFetch', () => {
  it.each<[string, SourceProgress, Date | undefined, string, string]>([
    ['a source never fetched', none, undefined, 'full', 'first-run'],
    [
      'a full snapshot an interval old',
      { modifiedUntil: ago(MIN), lastFullSnapshotAt: ago(HOUR) },
      undefined,
      'full',
      'full-due',
    ],
    [
      'a recent full snapshot',
      { modifiedUntil: ago(MIN), lastFullSnapshotAt: ago(10 * MIN) },
      undefined,
      'incremental',
      'cursor',
    ],
    ['a full snapshot published here but not yet stored', none, ago(10 * MIN), 'incremental', 'backfill'],
    [
      'a stored full snapshot and an older one published here',
      { modifiedUntil: ago(MIN), lastFullSnapshotAt: ago(2 * HOUR) },
      ago(30 * MIN),
      'incremental',
      'cursor',
    ],
  ])('plans %s', (_label, progress, lastFullPublishedAt, kind, reason) => {
    const plan = planFetch({
      now,
      settings,
      progress,
      ...(lastFullPublishedAt ? { lastFullPublishedAt } : {}),
    });
    expect([plan.kind, plan.reason]).toEqual([kind, reason]);
  });

  it('takes the whole schedule window, lookback to horizon, for a full snapshot', () => {
    const plan = planFetch({ now, settings, progress: none });
    expect(plan).toEqual({
      kind: 'full',
      reason: 'first-run',
      from: new Date('2026-03-06T12:00:00Z'),
      to: new Date('2026-03-21T12:00:00Z'),
      scheduled: { from: new Date('2026-03-06T12:00:00Z'), to: new Date('2026-03-21T12:00:00Z') },
    });
  });

  it('asks for the changes since the cursor minus the overlap, up to now', () => {
    const plan = planFetch({
      now,
      settings,
      progress: { modifiedUntil: ago(3 * HOUR), lastFullSnapshotAt: ago(10 * MIN) },
    });
    expect([plan.from, plan.to]).toEqual([ago(3 * HOUR + 5 * MIN), now]);
    expect(plan.scheduled).toEqual({ from: ago(DAY), to: new Date(now.getTime() + 14 * DAY) });
  });

  it('backfills the configured days when full snapshots are off and there is no cursor', () => {
    const plan = planFetch({ now, settings: { ...settings, fullEveryMs: 0 }, progress: none });
    expect(plan).toMatchObject({ kind: 'incremental', reason: 'backfill', from: ago(7 * DAY), to: now });
  });

  it('never takes a full snapshot when they are off', () => {
    const progress = { modifiedUntil: ago(400 * DAY), lastFullSnapshotAt: null };
    expect(planFetch({ now, settings: { ...settings, fullEveryMs: 0 }, progress }).kind).toBe('incremental');
  });

  it('still looks back the overlap when the cursor is ahead of the clock', () => {
    const progress = { modifiedUntil: new Date(now.getTime() + HOUR), lastFullSnapshotAt: ago(MIN) };
    expect(planFetch({ now, settings, progress }).from).toEqual(ago(5 * MIN));
  });

  it('never asks for an empty modification range', () => {
    const progress = { modifiedUntil: now, lastFullSnapshotAt: ago(MIN) };
    const plan = planFetch({ now, settings: { ...settings, overlapMs: 0 }, progress });
    expect(plan.to.getTime() - plan.from.getTime()).toBe(1000);
  });

  it.each<[string, SourceProgress]>([
    ['never fetched', none],
    ['with a recent full snapshot and a cursor', { modifiedUntil: ago(MIN), lastFullSnapshotAt: ago(MIN) }],
  ])("fetches a source's own window whole on every tick when it gives one (%s)", (_case, progress) => {
    const window = { from: ago(2 * HOUR), to: new Date(now.getTime() + 2 * DAY) };
    expect(planFetch({ now, settings, progress, sourceWindow: window })).toEqual({
      kind: 'full',
      reason: 'window-source',
      ...window,
      scheduled: window,
    });
  });
});
