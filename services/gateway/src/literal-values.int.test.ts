import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

/**
 * Acceptance 7: values that look like SQL or like SQL wild cards match literally. A backslash is
 * DICOM's value separator (PS3.5 6.4), so on the wire it splits values rather than escaping.
 */

const database = useTestDatabase();
let running: RunningGateway;

const ITEMS = [
  fixtureItem(1, { patientId: "'; DROP TABLE x; --", patientName: "O'HARA^'; DROP TABLE x; --" }),
  fixtureItem(2, { patientId: '100%', patientName: 'PERCENT^100%' }),
  fixtureItem(3, { patientId: 'A_B', patientName: 'UNDER^A_B' }),
  fixtureItem(4, { patientId: 'AXB', patientName: 'UNDER^AXB' }),
  fixtureItem(5, { patientId: '100X', patientName: 'PERCENT^100X' }),
];

beforeAll(async () => {
  running = await startTestGateway(database.current.databaseUrl);
  await running.prisma.worklistItem.createMany({ data: ITEMS });
});
afterAll(async () => {
  await running.close();
});

/** The Patient IDs a one-key query returns (Patient ID is always asked for). */
async function ids(keys: string[]): Promise<{ ids: string[]; status: number | undefined }> {
  const withId = keys.some((key) => key.startsWith('PatientID=')) ? keys : [...keys, 'PatientID='];
  const result = await findscu(running.peer(), { keys: withId, exactStatus: true });
  return { ids: result.responses.map((r) => r['PatientID'] as string).sort(), status: result.finalStatus };
}

describe('SQL-looking values match literally (acceptance 7)', () => {
  it.each([
    ['a SQL injection attempt as Patient ID', "PatientID='; DROP TABLE x; --", ["'; DROP TABLE x; --"]],
    ['% as Patient ID matches only a literal %', 'PatientID=100%', ['100%']],
    ['_ as Patient ID matches only a literal _', 'PatientID=A_B', ['A_B']],
    ['a lone % is not a wild card', 'PatientID=%', []],
    ['a lone _ is not a wild card', 'PatientID=_', []],
    [
      'a SQL injection attempt inside a name wild card',
      "PatientName=O'HARA^'; DROP*",
      ["'; DROP TABLE x; --"],
    ],
    ['% inside a name wild card is literal', 'PatientName=PERCENT^100%*', ['100%']],
    ['_ inside a name wild card is literal', 'PatientName=UNDER^A_*', ['A_B']],
    ['%* does not match everything', 'PatientName=%*', []],
  ])('%s', async (_name, key, expected) => {
    expect(await ids([key])).toEqual({ ids: [...expected].sort(), status: 0x0000 });
  });

  it('keeps every row after the hostile queries', async () => {
    expect(await running.prisma.worklistItem.count()).toBe(ITEMS.length);
  });

  it('takes a backslash as a value separator: a UID list, or 0xA900 in a single-value key', async () => {
    expect(await ids(['StudyInstanceUID=2.25.1002\\2.25.1003'])).toEqual({
      ids: ['100%', 'A_B'],
      status: 0x0000,
    });
    expect((await ids(['PatientID=A\\B'])).status).toBe(0xa900);
  });
});
