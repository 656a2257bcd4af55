import { describe, expect } from 'vitest';
import type { PrismaClient } from '../generated/client.ts';
import { dbTest } from '../testing/index.ts';
import { readSourceProgress } from './source-progress.repository.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 9, minute));

async function run(
  prisma: PrismaClient,
  id: string,
  fields: { kind: string; outcome: string; complete?: boolean; startedAt: Date; source?: string },
): Promise<void> {
  await prisma.syncRun.create({
    data: { snapshotId: id, source: fields.source ?? 'redcap', complete: false, ...fields },
  });
}

describe('readSourceProgress', () => {
  dbTest('reports nothing stored for a source without runs', async ({ prisma }) => {
    await expect(readSourceProgress(prisma, 'redcap')).resolves.toEqual({
      modifiedUntil: null,
      lastFullSnapshotAt: null,
    });
  });

  dbTest(
    'takes the latest stored incremental or complete full run, and the cursor’s last full snapshot',
    async ({ prisma }) => {
      await run(prisma, 's1', { kind: 'incremental', outcome: 'succeeded', startedAt: at(1) });
      await run(prisma, 's2', { kind: 'full', outcome: 'held', complete: true, startedAt: at(2) });
      // None of these moves the progress: incomplete, failed, running, targeted, another source.
      await run(prisma, 's3', { kind: 'full', outcome: 'succeeded', complete: false, startedAt: at(3) });
      await run(prisma, 's4', { kind: 'incremental', outcome: 'failed', startedAt: at(4) });
      await run(prisma, 's5', { kind: 'incremental', outcome: 'running', startedAt: at(5) });
      await run(prisma, 's6', { kind: 'targeted', outcome: 'succeeded', startedAt: at(6) });
      await run(prisma, 's7', {
        kind: 'incremental',
        outcome: 'succeeded',
        startedAt: at(7),
        source: 'other',
      });
      await prisma.sourceCursor.create({
        data: { source: 'redcap', windowEnd: at(59), lastFullSnapshotAt: at(2) },
      });
      await expect(readSourceProgress(prisma, 'redcap')).resolves.toEqual({
        modifiedUntil: at(2),
        lastFullSnapshotAt: at(2),
      });
    },
  );

  dbTest('gives the same answer through Prisma (a transaction client has no pool)', async ({ prisma }) => {
    await run(prisma, 's1', { kind: 'incremental', outcome: 'succeeded', startedAt: at(1) });
    await prisma.sourceCursor.create({ data: { source: 'redcap', windowEnd: at(59) } });
    const direct = await readSourceProgress(prisma, 'redcap');
    const viaPrisma = await prisma.$transaction((tx) => readSourceProgress(tx, 'redcap'));
    expect(viaPrisma).toEqual(direct);
    expect(direct).toEqual({ modifiedUntil: at(1), lastFullSnapshotAt: null });
  });
});
