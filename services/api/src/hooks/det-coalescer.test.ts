import { describe, expect, it, vi } from 'vitest';
import { createDetCoalescer } from './det-coalescer.ts';

describe('the Data Entry Trigger coalescer', () => {
  it('sends the distinct records of a source once per window', async () => {
    vi.useFakeTimers();
    try {
      const sent: [string, readonly string[]][] = [];
      const coalescer = createDetCoalescer({
        windowMs: 200,
        maxPending: 100,
        send: (source, ids) => {
          sent.push([source, ids]);
          return Promise.resolve();
        },
        onError: () => {},
      });
      expect(['1', '1', '2', '1'].map((r) => coalescer.add('a', r))).toEqual([
        'accepted',
        'coalesced',
        'accepted',
        'coalesced',
      ]);
      coalescer.add('b', '1');
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      expect(sent).toEqual([
        ['a', ['1', '2']],
        ['b', ['1']],
      ]);
      expect(coalescer.add('a', '1')).toBe('accepted');
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends at once when a source has maxPending records, and on flush', async () => {
    const sent: number[] = [];
    const coalescer = createDetCoalescer({
      windowMs: 60_000,
      maxPending: 3,
      send: (_source, ids) => {
        sent.push(ids.length);
        return Promise.resolve();
      },
      onError: () => {},
    });
    for (const r of ['1', '2', '3', '4']) coalescer.add('a', r);
    expect(sent).toEqual([3]);
    await coalescer.flush();
    expect(sent).toEqual([3, 1]);
  });

  it('reports a failed request and goes on', async () => {
    const errors: string[] = [];
    const coalescer = createDetCoalescer({
      windowMs: 1,
      maxPending: 10,
      send: () => Promise.reject(new Error('queue away')),
      onError: (source) => errors.push(source),
    });
    coalescer.add('a', '1');
    await coalescer.flush();
    expect(errors).toEqual(['a']);
  });
});
