import type { WorklistEntryInput } from '@mwl/domain';
import type { SnapshotInput } from './snapshot-plan.ts';

/** Test helpers shared by this package's tests (not exported from the package). */

export const TEST_PATIENT_NAME = 'Quintessa^Zebulon';

export function testEntry(i: number, overrides: Partial<WorklistEntryInput> = {}): WorklistEntryInput {
  return {
    source: 'redcap',
    sourceKey: `rec-${i}`,
    patientName: TEST_PATIENT_NAME,
    patientId: `SUB-${i}`,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    ...overrides,
  };
}

export function testSnapshot(overrides: Partial<SnapshotInput> & { size?: number } = {}): SnapshotInput {
  const { size = 3, ...rest } = overrides;
  return {
    source: 'redcap',
    snapshotId: 'snap-1',
    kind: 'full',
    window: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    complete: true,
    startedAt: '2026-03-09T12:00:00Z',
    entries: Array.from({ length: size }, (_, i) => testEntry(i)),
    ...rest,
  };
}

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };
