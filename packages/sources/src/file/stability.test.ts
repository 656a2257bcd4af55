import { describe, expect, it } from 'vitest';
import type { SourceDeps, SourceInstance } from '../plugin.ts';
import { chunksOf, collect } from '../test-collect.ts';
import { fileSourceConfigSchema } from './config.ts';
import { createFilePlugin, type FileAccess } from './plugin.ts';

// Issue 12, case 6: a file read while another program writes it must not become a complete snapshot
// (its missing rows would be cancelled). Such a read fails with MWL_ERR_SOURCE_FILE_UNSTABLE.

const HEADER = 'participant,family,given,scan_date,scan_time,station';
const TEN_ROWS = Array.from(
  { length: 10 },
  (_, i) =>
    `sub-${String(i + 1).padStart(3, '0')},Family${i},Given${i},2026-03-10,${String(8 + i).padStart(2, '0')}:00,MRI_3T`,
);
const FULL = `${[HEADER, ...TEN_ROWS].join('\n')}\n`;

const FIELD_MAPPING = {
  patientName: { template: '{family}^{given}' },
  patientId: 'participant',
  modality: { constant: 'MR' },
  scheduledStationAeTitle: 'station',
};

const deps: SourceDeps = {
  sourceName: 'demo',
  timezone: 'America/Edmonton',
  http: { request: () => Promise.reject(new Error('no HTTP for files')), close: () => Promise.resolve() },
  clock: () => new Date('2026-03-10T00:00:00Z'),
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  env: {},
};

/** A file whose content (and version) may change while it is read. */
function changingFile(content: string, onRead?: (file: { content: string }) => void) {
  const file = { content };
  const access: FileAccess = {
    read: () => {
      const chunks = chunksOf(file.content, 7);
      onRead?.(file);
      return chunks;
    },
    version: () => Promise.resolve(`${file.content.length}:1`),
  };
  return access;
}

async function createSource(files: FileAccess): Promise<SourceInstance> {
  const config = fileSourceConfigSchema.parse({
    config: { path: 'demo.csv', key_field: 'participant', date_field: 'scan_date', time_field: 'scan_time' },
    field_mapping: FIELD_MAPPING,
  });
  return createFilePlugin(files).create(config, deps);
}

const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

describe('the file source reads only a stable file', () => {
  it('reads a whole file as a complete snapshot', async () => {
    const source = await createSource(changingFile(FULL));
    const { entries, end } = await collect(source.fetchWindow({ kind: 'full', ...window }));
    expect([entries.length, end.complete]).toEqual([10, true]);
  });

  it('fails, without an end, when the file is cut mid-row', async () => {
    const cut = FULL.slice(0, FULL.indexOf('sub-007') + 12); // six rows and part of the seventh
    const source = await createSource(changingFile(cut));
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });

  it('fails when the last line is not complete, even with every column', async () => {
    const cut = FULL.slice(0, FULL.length - 3); // the last station name cut: "MRI_"
    const source = await createSource(changingFile(cut));
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });

  it('fails when a row has fewer columns than the header', async () => {
    const short = FULL.replace('sub-004,Family3,Given3,', 'sub-004,');
    const source = await createSource(changingFile(short));
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });

  it('fails when the file changes while it is read', async () => {
    const source = await createSource(
      changingFile(FULL, (file) => {
        file.content = `${file.content}sub-011,Late,Row,2026-03-10,19:00,MRI_3T\n`;
      }),
    );
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });

  it('fails when a JSON file is cut', async () => {
    const json = JSON.stringify(
      TEN_ROWS.map((row) => ({ participant: row.slice(0, 7), scan_date: '2026-03-10' })),
    );
    const config = fileSourceConfigSchema.parse({
      config: { path: 'demo.json', key_field: 'participant', date_field: 'scan_date' },
      field_mapping: FIELD_MAPPING,
    });
    const source = await createFilePlugin(changingFile(json.slice(0, 200))).create(config, deps);
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });
});
