import { describe, expect, it } from 'vitest';
import { parseDay, worklistFilter } from './worklist-filter.ts';

const NOW = new Date('2026-11-23T03:00:00Z');
const ZONE = 'America/Edmonton';

describe('parseDay', () => {
  it.each([
    ['20261123', '20261123'],
    ['2026-11-23', '20261123'],
    ['today', '20261122'],
    ['Tomorrow', '20261123'],
    ['yesterday', '20261121'],
  ])('reads %s as %s (in the given timezone)', (input, expected) => {
    expect(parseDay('date', input, NOW, ZONE)).toBe(expected);
  });

  it.each(['2026-13-01', '20260231', 'next week', '2026/11/23'])(
    'refuses %s with the option named',
    (input) => {
      expect(() => parseDay('from', input, NOW, ZONE)).toThrow(/--from must be a date/);
    },
  );
});

describe('worklistFilter', () => {
  it.each([
    ['nothing: active items only', {}, { cancelledAt: null }],
    [
      'one day',
      { date: '20261124' },
      { spsStartDate: { gte: '20261124', lte: '20261124' }, cancelledAt: null },
    ],
    [
      'a range open at the end',
      { from: '2026-11-01' },
      { spsStartDate: { gte: '20261101' }, cancelledAt: null },
    ],
    [
      'modalities upper-cased, stations as given',
      { modality: 'mr, ct', station: 'MRI_3T' },
      { modality: { in: ['MR', 'CT'] }, scheduledStationAeTitle: { in: ['MRI_3T'] }, cancelledAt: null },
    ],
    ['every item with --all', { all: true, source: 'demo' }, { source: { in: ['demo'] } }],
    [
      'asking for cancelled items shows them (either spelling)',
      { status: 'cancelled,scheduled' },
      { status: { in: ['CANCELED', 'SCHEDULED'] } },
    ],
  ])('%s', (_name, input, where) => {
    expect(worklistFilter(input, NOW, ZONE).where).toEqual(where);
  });

  it('refuses --date together with --from or --to', () => {
    expect(() => worklistFilter({ date: 'today', to: 'tomorrow' }, NOW, ZONE)).toThrow(/not both/);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => worklistFilter({ from: '20261130', to: '20261101' }, NOW, ZONE)).toThrow(/after/);
  });
});
