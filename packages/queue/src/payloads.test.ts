import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from './errors.ts';
import { parsePayload } from './validate-payload.ts';

const reconcile = (seenKeys: unknown) => ({
  source: 'redcap',
  snapshotId: 'snap-1',
  kind: 'full',
  window: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
  complete: true,
  seenKeys,
  startedAt: '2026-03-01T00:00:00Z',
  counts: { fetched: 2, rejected: 0 },
  batches: { entries: 1, rejections: 0 },
});

describe('the reconcile payload schema', () => {
  it('accepts the seen keys as they are', () => {
    const keys = ['rec-1/baseline_arm_1/mri/1', 'k'.repeat(256)];
    expect(parsePayload('reconcile', reconcile(keys)).seenKeys).toEqual(keys);
  });

  it.each([
    ['an empty key', ['rec-1', ''], 'seenKeys.1: must be a string of 1-256 characters'],
    ['a key too long', ['k'.repeat(257)], 'seenKeys.0: must be a string of 1-256 characters'],
    ['a key that is no string', ['rec-1', 'rec-2', 3], 'seenKeys.2: must be a string of 1-256 characters'],
    ['no array', 'rec-1', 'seenKeys: must be an array of source keys'],
  ])('refuses %s, naming it', (_, seenKeys, message) => {
    expect(() => parsePayload('reconcile', reconcile(seenKeys))).toThrow(InvalidPayloadError);
    expect(() => parsePayload('reconcile', reconcile(seenKeys))).toThrow(message);
  });
});
