import { describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './queue-prefix.ts';

describe('uniqueQueuePrefix', () => {
  it('is different on every call', () => {
    const prefixes = new Set(Array.from({ length: 1000 }, () => uniqueQueuePrefix()));
    expect(prefixes.size).toBe(1000);
  });

  it.each([[''], ['writer'], ['Upsert: entries/batch'], ['::::']])(
    'holds only letters, digits and dashes, even from label %j',
    (label) => {
      expect(uniqueQueuePrefix(label)).toMatch(/^mwl-test-[a-z0-9]+(-[a-z0-9]+)+$/);
    },
  );

  it('carries a cleaned label, to tell queues apart in redis-cli', () => {
    expect(uniqueQueuePrefix('Upsert entries')).toMatch(/^mwl-test-upsert-entries-/);
  });
});
