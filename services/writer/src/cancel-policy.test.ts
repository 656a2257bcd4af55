import { describe, expect, it } from 'vitest';
import { decideCancellation, DEFAULT_CANCEL_POLICY } from './cancel-policy.ts';

describe('decideCancellation with the default policy (50%, at least 5)', () => {
  it.each([
    // active, missing, fetched, action
    [100, 0, 100, 'cancel'],
    [100, 1, 99, 'cancel'],
    [100, 50, 50, 'cancel'],
    [100, 51, 49, 'hold'],
    [100, 80, 20, 'hold'],
    [100, 100, 0, 'hold'],
    [3, 2, 1, 'cancel'],
    [8, 4, 4, 'cancel'],
    [8, 5, 3, 'hold'],
    [3, 3, 0, 'hold'],
    [1, 1, 0, 'hold'],
    [0, 0, 0, 'cancel'],
  ] as const)('active %i, missing %i, fetched %i: %s', (active, missing, fetched, action) => {
    expect(decideCancellation({ active, missing, fetched }, DEFAULT_CANCEL_POLICY).action).toBe(action);
  });

  it('explains a hold with counts and the threshold', () => {
    const decision = decideCancellation({ active: 100, missing: 80, fetched: 20 }, DEFAULT_CANCEL_POLICY);
    expect(decision).toEqual({
      action: 'hold',
      warning: 'held: the snapshot would cancel 80 of 100 active items (80%), more than the threshold of 50%',
    });
  });

  it('holds nothing back on share when the threshold is 1', () => {
    const decision = decideCancellation(
      { active: 10, missing: 10, fetched: 5 },
      { threshold: 1, minimum: 5 },
    );
    expect(decision.action).toBe('cancel');
  });
});

describe('decideCancellation with a per-run limit', () => {
  it('holds more cancellations than the limit, even when their share is small', () => {
    const decision = decideCancellation(
      { active: 10_000, missing: 201, fetched: 9_799 },
      DEFAULT_CANCEL_POLICY,
    );
    expect(decision).toEqual({
      action: 'hold',
      warning: 'held: the snapshot would cancel 201 items, more than the limit of 200 per run',
    });
  });

  it('applies up to the limit', () => {
    expect(
      decideCancellation({ active: 10_000, missing: 200, fetched: 9_800 }, DEFAULT_CANCEL_POLICY),
    ).toEqual({
      action: 'cancel',
    });
  });
});
