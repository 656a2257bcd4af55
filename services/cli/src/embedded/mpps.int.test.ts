import {
  createMppsRepository,
  createWorklistFindRepository,
  listMppsOfItems,
  listUnlinkedMpps,
  type EmbeddedDatabase,
} from '@mwl/db';
import { mppsScu, type DicomDataset } from '@mwl/dimse';
import { findscu } from '@mwl/dimse/testing';
import {
  sampleMppsCreate,
  sampleMppsFinalSet,
  sampleScheduledStep,
  sampleUnscheduledStep,
} from '@mwl/domain';
import { createGateway, type Gateway } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import type { QueueTransport } from '@mwl/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  entries,
  keyOf,
  openMemoryDatabase,
  snapshot,
  startEmbeddedWriter,
  sync,
  syntheticEntry,
} from './embedded-support.ts';

/**
 * MPPS on the embedded backend (PGlite + the in-process queue), as `mwl-bridge start` runs without
 * DATABASE_URL / REDIS_URL: the writer schedules, the gateway records N-CREATE/N-SET, the steps
 * follow, and a later source sync does not move an MPPS status back.
 */

const AE = 'MWL_BRIDGE';
let database: EmbeddedDatabase;
let transport: QueueTransport;
let gateway: Gateway;
let port: number;

beforeAll(async () => {
  database = await openMemoryDatabase();
  transport = await startEmbeddedWriter(database.prisma);
  const logger = createLogger({ service: 'mpps-embedded-test', level: 'silent' });
  gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(database.prisma),
    mpps: { repository: createMppsRepository(database.prisma), timezone: 'America/Edmonton' },
    options: {
      host: '127.0.0.1',
      port: 0,
      aeTitles: [AE],
      callingAeAllowList: null,
      callingAeAddressBinding: {},
      maxAssociations: 8,
      maxPduLength: 65_536,
      idleTimeoutMs: 30_000,
      maxResults: 1_000,
      pageSize: 50,
      queryTimeoutMs: 5_000,
      pnCaseInsensitive: true,
      charsetPerAe: {},
    },
  });
  port = (await gateway.listen()).port;
});
afterAll(async () => {
  await gateway.close({ deadlineMs: 1_000 });
  await transport.close();
  await database.close();
});

const peer = () => ({ host: '127.0.0.1', port, calledAeTitle: AE, callingAeTitle: 'MR1' });
const item = (i: number) => database.prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(i) } });

describe('MPPS on PGlite and the in-process queue', () => {
  it('records create → completed, hides the step from a default C-FIND, and keeps COMPLETED across a source sync', async () => {
    const { prisma } = database;
    const all = entries(3);
    await sync(transport, prisma, snapshot({ entries: all }));
    const target = await item(1);
    const create = sampleMppsCreate({
      PatientID: target.patientId,
      ScheduledStepAttributesSequence: [sampleScheduledStep(target)],
    }) as DicomDataset;
    const answers = await mppsScu(peer(), [
      { kind: 'n-create', sopInstanceUid: '2.25.71', dataset: create },
      { kind: 'n-set', sopInstanceUid: '2.25.71', dataset: sampleMppsFinalSet('COMPLETED') as DicomDataset },
    ]);
    expect(answers.map((a) => a.status)).toEqual([0, 0]);
    expect((await item(1)).status).toBe('COMPLETED');

    const keys = [
      `PatientID=${target.patientId}`,
      'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus',
    ];
    expect((await findscu({ ...peer(), callingAeTitle: 'MR1' }, { keys })).responses).toEqual([]);

    all[1] = syntheticEntry(1, { spsDescription: 'changed at the source' });
    await sync(transport, prisma, snapshot({ entries: all }));
    expect(await item(1)).toMatchObject({ status: 'COMPLETED', spsDescription: 'changed at the source' });
    expect(await listMppsOfItems(prisma, [target.id])).toMatchObject([
      { sopInstanceUid: '2.25.71', linkedBy: 'study-sps' },
    ]);
  });

  it('links a grouped MPPS to two steps and stores an unscheduled one unlinked', async () => {
    const [a, b] = [await item(0), await item(2)];
    const answers = await mppsScu(peer(), [
      {
        kind: 'n-create',
        sopInstanceUid: '2.25.72',
        dataset: sampleMppsCreate({
          ScheduledStepAttributesSequence: [sampleScheduledStep(a), sampleScheduledStep(b)],
        }) as DicomDataset,
      },
      {
        kind: 'n-create',
        sopInstanceUid: '2.25.73',
        dataset: sampleMppsCreate({
          PatientID: 'WALK-IN',
          PerformedProcedureStepStartDate: '20260420',
          ScheduledStepAttributesSequence: [sampleUnscheduledStep('2.25.7300')],
        }) as DicomDataset,
      },
      { kind: 'n-create', sopInstanceUid: '2.25.73', dataset: sampleMppsCreate() as DicomDataset },
    ]);
    expect(answers.map((a) => a.status)).toEqual([0, 0, 0x0111]);
    expect((await listMppsOfItems(database.prisma, [a.id, b.id])).map((l) => l.sopInstanceUid)).toEqual([
      '2.25.72',
      '2.25.72',
    ]);
    expect(
      await listUnlinkedMpps(database.prisma, { from: '20260420', to: '20260420', limit: 5 }),
    ).toMatchObject([{ sopInstanceUid: '2.25.73' }]);
  });
});
