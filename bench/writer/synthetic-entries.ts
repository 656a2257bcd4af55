import { localScheduleFromInstant, type WorklistEntryInput } from '@mwl/domain';

const FIRST_SLOT = Date.parse('2026-03-02T15:00:00Z');
const MINUTE = 60_000;

/** `count` distinct, valid entries of one source, spread over March 2026 (a realistic shape). */
export function syntheticEntries(count: number, source = 'bench'): WorklistEntryInput[] {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(FIRST_SLOT + (i % 25) * 24 * 60 * MINUTE + (i % 40) * 15 * MINUTE);
    return {
      source,
      sourceKey: `rec-${i}/baseline_arm_1/mri/1`,
      patientName: `Doe^Jane${i % 1000}`,
      patientId: `SUB-${String(i).padStart(6, '0')}`,
      patientBirthDate: '19800115',
      patientSex: i % 2 === 0 ? 'F' : 'M',
      patientWeightKg: 50 + (i % 50),
      modality: 'MR',
      scheduledStationAeTitle: 'MRI_3T',
      spsDescription: 'Brain protocol',
      studyDescription: 'Research MRI',
      ...localScheduleFromInstant(start, 'America/Edmonton'),
      timezone: 'America/Edmonton',
      durationMinutes: 60,
    };
  });
}
