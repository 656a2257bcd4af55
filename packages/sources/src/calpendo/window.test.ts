import { describe, expect, it } from 'vitest';
import { calpendoWindow, type WindowSettings } from './window.ts';

const base: WindowSettings = { lookback_multiplier: 2, horizon_hours: 24 };
const now = new Date('2026-03-07T18:00:00Z');
const iso = (window: { from: Date; to: Date }) => [window.from.toISOString(), window.to.toISOString()];

describe('calpendoWindow', () => {
  it.each<[string, WindowSettings, number | undefined, string[]]>([
    [
      "uses Pylantir's lookback of sync_interval × multiplier",
      base,
      300,
      ['2026-03-07T17:50:00.000Z', '2026-03-08T18:00:00.000Z'],
    ],
    [
      'assumes a 60 s interval when none is given',
      base,
      undefined,
      ['2026-03-07T17:58:00.000Z', '2026-03-08T18:00:00.000Z'],
    ],
    [
      'prefers lookback_hours',
      { ...base, lookback_hours: 6, horizon_hours: 48 },
      300,
      ['2026-03-07T12:00:00.000Z', '2026-03-09T18:00:00.000Z'],
    ],
    [
      'widens to whole local days across spring forward',
      { ...base, window_mode: 'daily' },
      300,
      ['2026-03-07T07:00:00.000Z', '2026-03-09T06:00:00.000Z'],
    ],
    [
      "takes Pylantir's daily_window switch",
      { ...base, daily_window: true },
      300,
      ['2026-03-07T07:00:00.000Z', '2026-03-09T06:00:00.000Z'],
    ],
  ])('%s', (_name, settings, syncIntervalSeconds, expected) => {
    expect(iso(calpendoWindow(settings, now, 'America/Edmonton', { syncIntervalSeconds }))).toEqual(expected);
  });

  it('keeps an end already at local midnight', () => {
    const window = calpendoWindow(
      { ...base, window_mode: 'daily', lookback_hours: 0, horizon_hours: 6 },
      new Date('2026-03-08T00:00:00-07:00'),
      'America/Edmonton',
    );
    expect(iso(window)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:00:00.000Z']);
  });
});
