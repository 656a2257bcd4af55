import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, createFileTestSource, MARCH_WINDOW } from './test-support.ts';

// The file source on a real file: streamed in 64 KiB chunks, multi-byte text across chunk ends.

const row = (i: number) => `sub-${i},Müller-Łukasz-${'é'.repeat(i % 7)},Jörg,2026-03-10,09:30,MRI_3T\n`;

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the file source on disk', () => {
  it('streams a large file, then fails once the file is cut mid-row', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwl-file-'));
    const path = join(dir, 'worklist.csv');
    const rows = Array.from({ length: 5000 }, (_, i) => row(i));
    await writeFile(path, `participant,family,given,scan_date,scan_time,station\n${rows.join('')}`);
    const source = await createFileTestSource(
      {
        patientName: { template: '{family}^{given}' },
        patientId: 'participant',
        modality: { constant: 'MR' },
        scheduledStationAeTitle: 'station',
      },
      { config: { path } },
    );
    const whole = await collect(source.fetchWindow({ kind: 'full', ...MARCH_WINDOW }));
    expect([whole.entries.length, whole.end.complete, whole.end.stats.rows]).toEqual([5000, true, 5000]);
    expect(whole.entries[4999]?.patientName).toBe(`Müller-Łukasz-${'é'.repeat(4999 % 7)}^Jörg`);

    await appendFile(path, 'sub-5000,Half,Wri');
    await expect(collect(source.fetchWindow({ kind: 'full', ...MARCH_WINDOW }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });
});
