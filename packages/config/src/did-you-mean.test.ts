import { describe, expect, it } from 'vitest';
import { levenshtein, suggestKey } from './did-you-mean.ts';

const SOURCE_KEYS = [
  'name',
  'type',
  'enabled',
  'sync_interval',
  'operation_interval',
  'timezone',
  'config',
  'field_mapping',
];

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['sync_interval', 'sync_intervall', 1],
  ])('measures %j → %j as %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
});

describe('suggestKey', () => {
  it.each([
    ['sync_intervall', 'sync_interval'],
    ['Enabled', 'enabled'],
    ['fieldMapping', 'field_mapping'],
    ['operation-interval', 'operation_interval'],
    ['nme', 'name'],
    ['timezon', 'timezone'],
    ['window_mode', undefined],
    ['xyz', undefined],
  ])('suggests for %j: %j', (unknown, expected) => {
    expect(suggestKey(unknown, SOURCE_KEYS)).toBe(expected);
  });
});
