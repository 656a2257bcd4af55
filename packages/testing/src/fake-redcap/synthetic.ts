import { loadFakeRedcapFixture } from './fixtures.ts';
import type { FakeRedcapFixture } from './project.ts';

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
 * The classic fixture project with `count` records (ids from 100000), each scheduled on one of the
 * 13 days after `now` (inside a default schedule window: 1 day back, 14 ahead) between 07:00 and
 * 18:55; names carry non-ASCII letters, so a body's UTF-8 is split across chunks somewhere.
 * Mapped by `redcapSourceFixture('classic')`.
 */
export function syntheticRedcapProject(count: number, timezone: string, now = new Date()): FakeRedcapFixture {
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
          last_name: `Müller${i}`,
          first_name: `Zoë${i}`,
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
