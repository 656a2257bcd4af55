import { describe, expect, it } from 'vitest';
import { isFolderPath } from './initdb-child.ts';

describe('isFolderPath', () => {
  it.each([
    ['./data', true],
    ['/var/lib/mwl-bridge', true],
    ['C:\\mwl\\data', true],
    ['memory://', false],
    ['idb://mwl', false],
    ['file:///tmp/x', false],
  ])('%s → %s', (dataDir, expected) => {
    expect(isFolderPath(dataDir)).toBe(expected);
  });
});
