import { redcapSourceFixture, syntheticRedcapProject } from '@mwl/testing';
import { describe, expect, it } from 'vitest';
import { useFixtureSource } from './test-support.ts';

// A project of thousands of records through real HTTP: the export arrives in many chunks (UTF-8
// split between them) and leaves the plugin in batches as it is read.

const DAY = 86_400_000;
const start = useFixtureSource();

describe('a large REDCap project', () => {
  it('is read as it arrives, batch by batch, every record once', async () => {
    const now = new Date();
    const { source } = await start(
      syntheticRedcapProject(5000, 'America/Edmonton', now),
      redcapSourceFixture('classic', { config: { batch_size: 500 } }),
    );
    const window = {
      kind: 'full' as const,
      from: new Date(now.getTime() - DAY),
      to: new Date(now.getTime() + 15 * DAY),
    };
    const batchSizes: number[] = [];
    const names = new Set<string>();
    let end;
    for await (const event of source.instance.fetchWindow(window)) {
      if (event.type === 'end') end = event;
      else {
        batchSizes.push(event.entries.length);
        for (const entry of event.entries) names.add(entry.patientName);
      }
    }
    expect(batchSizes).toEqual(Array.from({ length: 10 }, () => 500));
    expect(names.size).toBe(5000);
    expect(names.has('Müller4999^Zoë4999')).toBe(true);
    expect(end).toMatchObject({ complete: true, stats: { rows: 5000, entries: 5000, rejections: 0 } });
    expect(end?.seenKeys).toHaveLength(5000);
  });
});
