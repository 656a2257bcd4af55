import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceDeps } from '../plugin.ts';
import { collect } from '../test-collect.ts';
import { fileSourceConfigSchema } from './config.ts';
import { createFilePlugin } from './plugin.ts';

// The file source on a real file: streamed in 64 KiB chunks, multi-byte text across chunk ends.

const deps: SourceDeps = {
  sourceName: 'demo',
  timezone: 'America/Edmonton',
  http: { request: () => Promise.reject(new Error('no HTTP for files')), close: () => Promise.resolve() },
  clock: () => new Date('2026-03-10T00:00:00Z'),
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  env: {},
};
const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
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
    const config = fileSourceConfigSchema.parse({
      config: { path, key_field: 'participant', date_field: 'scan_date', time_field: 'scan_time' },
      field_mapping: {
        patientName: { template: '{family}^{given}' },
        patientId: 'participant',
        modality: { constant: 'MR' },
        scheduledStationAeTitle: 'station',
      },
    });
    const source = await createFilePlugin().create(config, deps);
    const whole = await collect(source.fetchWindow({ kind: 'full', ...window }));
    expect([whole.entries.length, whole.end.complete, whole.end.stats.rows]).toEqual([5000, true, 5000]);
    expect(whole.entries[4999]?.patientName).toBe(`Müller-Łukasz-${'é'.repeat(4999 % 7)}^Jörg`);

    await appendFile(path, 'sub-5000,Half,Wri');
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });
});
