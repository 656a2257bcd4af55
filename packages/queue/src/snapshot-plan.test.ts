import { describe, expect, it } from 'vitest';
import { InvalidSnapshotError } from './errors.ts';
import { snapshotIdSchema } from './payloads.ts';
import { planSnapshot } from './snapshot-plan.ts';
import { testEntry, testSnapshot } from './test-support.ts';

describe('snapshot ids', () => {
  it.each([
    ['redcap.20260309T120000Z.ab12', true],
    ['snap-1', true],
    ['a_b', true],
    ['12345', false],
    ['has:colon', false],
    ['', false],
    ['-leading-dash', false],
    ['x'.repeat(129), false],
  ])('%s is accepted: %s', (id, ok) => {
    expect(snapshotIdSchema.safeParse(id).success).toBe(ok);
  });
});

describe('planSnapshot', () => {
  it('splits entries into batches with deterministic job ids', () => {
    const plan = planSnapshot(testSnapshot({ size: 2500 }), 1000);
    expect(plan.entryBatches.map((b) => [b.jobId, b.payload.entries.length])).toEqual([
      ['snap-1.entries.0', 1000],
      ['snap-1.entries.1', 1000],
      ['snap-1.entries.2', 500],
    ]);
    expect(plan.reconcile.jobId).toBe('snap-1.reconcile');
    expect(plan.reconcile.payload.batches).toEqual({ entries: 3, rejections: 0 });
  });

  it('keeps the last entry of a key and counts the dropped duplicates', () => {
    const entries = [testEntry(1, { patientId: 'FIRST' }), testEntry(2), testEntry(1, { patientId: 'LAST' })];
    const plan = planSnapshot(testSnapshot({ entries }), 1000);
    expect(plan.duplicateEntries).toBe(1);
    expect(plan.entryBatches[0]!.payload.entries.map((e) => e.patientId)).toEqual(['SUB-2', 'LAST']);
  });

  it('drops rejections of keys that also have an entry, and duplicate (key, reason) pairs', () => {
    const rejection = { reasonCode: 'NO_DATE', message: 'no scheduled date' };
    const plan = planSnapshot(
      testSnapshot({
        size: 2,
        rejections: [
          { sourceKey: 'rec-0', ...rejection },
          { sourceKey: 'other', ...rejection },
          { sourceKey: 'other', ...rejection },
          { sourceKey: 'other', ...rejection, reasonCode: 'NO_AE' },
        ],
      }),
      1000,
    );
    expect(plan.rejectionBatches[0]!.payload.items.map((i) => `${i.sourceKey}/${i.reasonCode}`)).toEqual([
      'other/NO_DATE',
      'other/NO_AE',
    ]);
    expect(plan.reconcile.payload.counts.rejected).toBe(1);
  });

  it('sends the keys of entries and rejections as seen keys of a complete snapshot', () => {
    const plan = planSnapshot(
      testSnapshot({ size: 2, rejections: [{ sourceKey: 'bad', reasonCode: 'NO_DATE', message: 'x' }] }),
      1000,
    );
    expect(plan.reconcile.payload.seenKeys.sort()).toEqual(['bad', 'rec-0', 'rec-1']);
    expect(plan.reconcile.payload.counts.fetched).toBe(3);
  });

  it('sends no seen keys for a partial snapshot', () => {
    const plan = planSnapshot(testSnapshot({ size: 2, complete: false }), 1000);
    expect(plan.reconcile.payload.seenKeys).toEqual([]);
  });

  it.each([
    ['a complete snapshot without a window', { window: null }],
    ['a plain-integer snapshot id', { snapshotId: '42' }],
    ['a complete targeted snapshot', { kind: 'targeted' as const }],
    [
      'a window that ends before it starts',
      { window: { from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } },
    ],
    ['an invalid entry', { entries: [testEntry(1, { patientSex: 'X' as 'M' })] }],
  ])('refuses %s', (_label, overrides) => {
    expect(() => planSnapshot(testSnapshot(overrides), 1000)).toThrow(InvalidSnapshotError);
  });

  it('names the invalid field without its value', () => {
    const entries = [testEntry(1, { patientBirthDate: '19801399' })];
    expect(() => planSnapshot(testSnapshot({ entries }), 1000)).toThrow(/entries\.0\.patientBirthDate/);
    expect(() => planSnapshot(testSnapshot({ entries }), 1000)).not.toThrow(/19801399/);
  });
});
