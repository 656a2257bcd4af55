import { describe, expect, it } from 'vitest';
import { createMppsStateCache } from './mpps-state-cache.ts';

const written = (version: number) => ({ state: { status: 'IN PROGRESS', attributes: {} }, version });

describe('createMppsStateCache', () => {
  it('hands a remembered state out once', () => {
    const cache = createMppsStateCache(4);
    cache.remember('2.25.1', written(1));
    cache.remember('2.25.1', written(2));
    expect(cache.take('2.25.1')).toEqual(written(2));
    expect(cache.take('2.25.1')).toBeUndefined();
  });

  it('forgets the oldest entry beyond its capacity', () => {
    const cache = createMppsStateCache(2);
    cache.remember('a', written(1));
    cache.remember('b', written(1));
    cache.remember('a', written(2)); // refreshed: now the newest
    cache.remember('c', written(1));
    expect(cache.take('b')).toBeUndefined();
    expect(cache.take('a')).toEqual(written(2));
    expect(cache.take('c')).toEqual(written(1));
  });
});
