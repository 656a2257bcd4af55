import { describe, expect, it } from 'vitest';
import type { FileAccess } from './plugin.ts';
import { chunksOf, collect, createFileTestSource, MARCH_WINDOW } from './test-support.ts';

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

const window = MARCH_WINDOW;
const createSource = (files: FileAccess) => createFileTestSource(FIELD_MAPPING, { files });

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
    const source = await createFileTestSource(FIELD_MAPPING, {
      files: changingFile(json.slice(0, 200)),
      config: { path: 'demo.json', time_field: undefined },
    });
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_FILE_UNSTABLE',
    });
  });
});
