import { describe, expect, it } from 'vitest';
import { FetcherConfigError } from './errors.ts';
import { fetchSettingsOf } from './fetch-settings.ts';

describe('fetchSettingsOf', () => {
  it('applies the documented defaults', () => {
    expect(fetchSettingsOf({ name: 'redcap' })).toEqual({
      everyMs: 60_000,
      fullEveryMs: 3_600_000,
      lookbackMs: 86_400_000,
      horizonMs: 14 * 86_400_000,
      overlapMs: 300_000,
      backfillMs: 7 * 86_400_000,
      staleAfterIntervals: 3,
    });
  });

  it('reads the keys of a data_sources entry and ignores the others', () => {
    const settings = fetchSettingsOf({
      name: 'redcap',
      type: 'redcap',
      sync_interval: 30,
      full_snapshot_interval: 0,
      lookback_days: 0.5,
      horizon_days: 30,
      cursor_overlap: 60,
      backfill_days: 2,
      stale_after_intervals: 10,
      config: {},
    });
    expect(settings).toEqual({
      everyMs: 30_000,
      fullEveryMs: 0,
      lookbackMs: 43_200_000,
      horizonMs: 30 * 86_400_000,
      overlapMs: 60_000,
      backfillMs: 2 * 86_400_000,
      staleAfterIntervals: 10,
    });
  });

  it.each([
    ['a negative interval', { full_snapshot_interval: -1 }, 'full_snapshot_interval'],
    ['a fractional overlap', { cursor_overlap: 1.5 }, 'cursor_overlap'],
    ['a zero horizon', { horizon_days: 0 }, 'horizon_days'],
    ['a text lookback', { lookback_days: '1' }, 'lookback_days'],
    ['zero stale intervals', { stale_after_intervals: 0 }, 'stale_after_intervals'],
  ])('refuses %s, naming the key', (_label, keys, key) => {
    const attempt = () => fetchSettingsOf({ name: 'redcap', ...keys });
    expect(attempt).toThrow(FetcherConfigError);
    expect(attempt).toThrow(`data_sources[redcap].${key}`);
  });
});
