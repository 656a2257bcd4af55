import type { WorklistEntryInput } from './worklist-entry.ts';

/** A valid entry for tests; override any field. Not exported from the package's index. */
export function sampleEntry(overrides: Partial<WorklistEntryInput> = {}): WorklistEntryInput {
  return {
    source: 'redcap',
    sourceKey: '1001/baseline_arm_1/mri/1',
    patientName: 'Doe^Jane',
    patientId: 'SUB-1001',
    patientBirthDate: '19800115',
    patientSex: 'F',
    patientWeightKg: 61.5,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsDescription: 'Brain protocol',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    ...overrides,
  };
}
