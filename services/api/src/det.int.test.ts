import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DET_SECRET, DET_SOURCE, startDetStack, type DetStack } from './det-support.ts';

const database = useTestDatabase();
let stack: DetStack;

beforeAll(async () => {
  stack = await startDetStack({ databaseUrl: database.current.databaseUrl, syncIntervalSeconds: 600 });
  // The first periodic sync runs at start; after it, only the trigger can bring an edit in.
  const deadline = Date.now() + 30_000;
  while ((await stack.prisma.syncRun.count({ where: { source: DET_SOURCE, outcome: 'succeeded' } })) < 1) {
    if (Date.now() > deadline) throw new Error('the first periodic sync did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(async () => {
  await stack?.close();
});

async function scannerSees(patientId: string): Promise<boolean> {
  const result = await findscu(stack.gateway.peer(), { keys: [`PatientID=${patientId}`, 'PatientName='] });
  return result.responses.length > 0;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('REDCap Data Entry Trigger (acceptance 3)', () => {
  it('brings a record saved in REDCap to findscu without waiting for the periodic sync', async () => {
    expect(await scannerSees('REG-7001')).toBe(false);
    stack.fake.upsertRecord('7001', [
      {
        last_name: 'Trigger',
        first_name: 'Delta',
        scan_date: '2026-03-12',
        scan_time: '10:00',
        scanner: '1',
      },
    ]);
    expect(await stack.fake.dataEntryTriggers()).toEqual([{ record: '7001', status: 200 }]);
    await expect.poll(() => scannerSees('REG-7001'), { timeout: 15_000, interval: 100 }).toBe(true);
    const runs = await stack.prisma.syncRun.findMany({
      where: { source: DET_SOURCE },
      orderBy: { id: 'asc' },
    });
    expect(runs.map((r) => r.kind)).toEqual(['full', 'targeted']);
    expect(runs[1]).toMatchObject({ complete: false, inserted: 1, cancelled: 0 });
  });

  it('coalesces repeated triggers of one record into one targeted fetch', async () => {
    const before = await stack.prisma.syncRun.count({ where: { source: DET_SOURCE, kind: 'targeted' } });
    const fields = { project_id: '101', record: '1001', instrument: 'scan_booking' };
    const answers = await Promise.all(
      [1, 2, 3].map(() => fetch(stack.hookUrl, form(fields)).then((r) => r.json())),
    );
    expect(answers.map((a) => (a as { status: string }).status).sort()).toEqual([
      'accepted',
      'coalesced',
      'coalesced',
    ]);
    await expect
      .poll(() => stack.prisma.syncRun.count({ where: { source: DET_SOURCE, kind: 'targeted' } }), {
        timeout: 10_000,
      })
      .toBe(before + 1);
  });

  it.each([
    ['a wrong secret', `/hooks/redcap/${DET_SOURCE}/wrong-secret`, { project_id: '101', record: '1' }],
    ['an unknown source', `/hooks/redcap/nope/${DET_SECRET}`, { project_id: '101', record: '1' }],
    ['another project', `/hooks/redcap/${DET_SOURCE}/${DET_SECRET}`, { project_id: '999', record: '1' }],
  ])('answers %s 404 and fetches nothing', async (_name, path, fields) => {
    const base = new URL(stack.hookUrl).origin;
    const response = await fetch(`${base}${path}`, form(fields));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'MWL_ERR_API_HOOK_REJECTED' });
  });

  it('refuses a trigger without a record (400)', async () => {
    const response = await fetch(stack.hookUrl, form({ project_id: '101' }));
    expect(response.status).toBe(400);
  });
});
