import { loadFakeRedcapFixture, type FakeRedcapFixture } from '@mwl/testing/fake-redcap';

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The classic fixture project with `count` records, each scheduled on one of the next 13 days
 * (inside the default schedule window: 1 day back, 14 ahead), between 07:00 and 18:55.
 */
export function syntheticProject(count: number, timezone: string, now = new Date()): FakeRedcapFixture {
  const fixture = loadFakeRedcapFixture('classic');
  const days = Array.from({ length: 13 }, (_, d) =>
    localDate(new Date(now.getTime() + (d + 1) * DAY_MS), timezone),
  );
  fixture.records = Array.from({ length: count }, (_, i) => {
    const minutes = 7 * 60 + ((i * 5) % (12 * 60));
    return {
      modified: '2026-01-05 09:00:00',
      rows: [
        {
          record_id: String(100_000 + i),
          last_name: `Family${i}`,
          first_name: `Given${i}`,
          dob: `19${pad(50 + (i % 50))}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`,
          sex: String(1 + (i % 3)),
          weight_lb: String(90 + (i % 150)),
          scan_date: days[i % days.length]!,
          scan_time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
          scanner: String(1 + (i % 2)),
          protocol: String(1 + (i % 2)),
        },
      ],
    };
  });
  return fixture;
}

/** The bench source: the classic fixture's mapping. */
export const BENCH_SOURCE = {
  name: 'bench',
  type: 'redcap',
  sync_interval: 3600,
  config: {
    selection: { date_field: 'scan_date', time_field: 'scan_time' },
    batch_size: 1000,
  },
  field_mapping: {
    patientName: { template: '{last_name}^{first_name}' },
    patientId: { template: 'REG-{record_id}' },
    patientBirthDate: 'dob',
    patientSex: { field: 'sex', map: { '1': 'F', '2': 'M', '3': 'O' } },
    patientWeightKg: { field: 'weight_lb', unit: 'lb' },
    modality: { constant: 'MR' },
    scheduledStationAeTitle: { field: 'scanner', map: { '1': 'PRISMA_3T', '2': 'SKYRA_3T' } },
    requestedProcedureDescription: {
      field: 'protocol',
      by: 'label',
      map: { 'Brain routine': 'MRI BRAIN', Spine: 'MRI SPINE' },
    },
  },
};
