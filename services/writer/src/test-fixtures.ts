import { localScheduleFromInstant, type WorklistEntryInput } from '@mwl/domain';
import type { SnapshotInput } from '@mwl/queue';

/**
 * Synthetic entries and snapshots for the writer's tests, pure (no Redis, no database), so the
 * embedded-mode tests of the cli reuse them as `@mwl/writer/testing`.
 */

export const PATIENT_NAME = 'Quintessa^Zebulon';
export const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
const FIRST_SLOT = Date.parse('2026-03-02T15:00:00Z');
const MINUTE = 60_000;

/** Entry `i`: a distinct key, patient and slot inside WINDOW. */
export function syntheticEntry(i: number, overrides: Partial<WorklistEntryInput> = {}): WorklistEntryInput {
  const start = new Date(FIRST_SLOT + (i % 25) * 24 * 60 * MINUTE + (i % 40) * 15 * MINUTE);
  return {
    source: 'redcap',
    sourceKey: `rec-${i}/baseline_arm_1/mri/1`,
    patientName: PATIENT_NAME,
    patientId: `SUB-${String(i).padStart(6, '0')}`,
    patientBirthDate: '19800115',
    patientSex: i % 2 === 0 ? 'F' : 'M',
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsDescription: 'Brain protocol',
    ...localScheduleFromInstant(start, 'America/Edmonton'),
    timezone: 'America/Edmonton',
    ...overrides,
  };
}

export function entries(count: number, from = 0): WorklistEntryInput[] {
  return Array.from({ length: count }, (_, i) => syntheticEntry(from + i));
}

let snapshotCounter = 0;

export function snapshot(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  snapshotCounter += 1;
  return {
    source: 'redcap',
    snapshotId: `snap-${Date.now().toString(36)}-${snapshotCounter}`,
    kind: 'full',
    window: WINDOW,
    complete: true,
    startedAt: new Date().toISOString(),
    entries: [],
    ...overrides,
  };
}

export const keyOf = (i: number) => syntheticEntry(i).sourceKey;
