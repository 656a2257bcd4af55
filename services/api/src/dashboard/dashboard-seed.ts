// Seed data of the dashboard's browser tests (imported only by *.int.test.ts files). Everything is
// written through the repositories the writer and the gateway use: worklist rows as the writer
// upserts them, MPPS as the gateway records them, rejections and sync runs as the writer stores them.
import {
  createMppsRepository,
  recordRejections,
  saveSyncRun,
  upsertWorklistRows,
  type PrismaClient,
  type WorklistItem,
} from '@mwl/db';
import {
  assignIdentifiers,
  changeHash,
  decideCreate,
  decideSet,
  sampleMppsCreate,
  sampleMppsFinalSet,
  sampleScheduledStep,
  sampleUnscheduledStep,
  worklistEntrySchema,
  type MppsDataset,
  type WorklistEntry,
} from '@mwl/domain';

/** The site's day the tests' fixed clock is in (America/Edmonton, UTC−6 in March 2026). */
export const TODAY = '2026-03-10';
export const NOW = new Date('2026-03-10T17:00:00Z');

export interface SeedItem {
  source: string;
  key: string;
  name: string;
  id: string;
  station: string;
  day: string;
  time: string;
  protocol: string;
}

export const SEED_ITEMS: readonly SeedItem[] = [
  {
    source: 'redcap_main',
    key: '101',
    name: 'DOE^JANE',
    id: 'SUB-0101',
    station: 'MRI_3T',
    day: TODAY,
    time: '09:30',
    protocol: 'Brain MRI baseline',
  },
  {
    source: 'redcap_main',
    key: '102',
    name: 'SMITH^ALEX',
    id: 'SUB-0102',
    station: 'MRI_3T',
    day: TODAY,
    time: '11:00',
    protocol: 'Brain MRI follow-up',
  },
  {
    source: 'redcap_main',
    key: '103',
    name: 'NGUYEN^MAI',
    id: 'SUB-0103',
    station: 'MRI_3T',
    day: TODAY,
    time: '14:00',
    protocol: 'Cardiac cine',
  },
  {
    source: 'calpendo_mri',
    key: 'B-7',
    name: 'GARCIA^LUIS',
    id: 'SUB-0201',
    station: 'MRI_7T',
    day: TODAY,
    time: '08:00',
    protocol: 'DTI 64 directions',
  },
  {
    source: 'calpendo_mri',
    key: 'B-8',
    name: 'LEE^SAM',
    id: 'SUB-0202',
    station: 'MRI_7T',
    day: TODAY,
    time: '10:15',
    protocol: 'fMRI resting state',
  },
  {
    source: 'redcap_main',
    key: '104',
    name: 'BROWN^KIM',
    id: 'SUB-0104',
    station: 'MRI_3T',
    day: '2026-03-11',
    time: '09:00',
    protocol: 'Brain MRI baseline',
  },
];

export function seedEntry(item: SeedItem): WorklistEntry {
  return worklistEntrySchema.parse({
    source: item.source,
    sourceKey: item.key,
    patientName: item.name,
    patientId: item.id,
    modality: 'MR',
    scheduledStationAeTitle: item.station,
    scheduledStationName: item.station === 'MRI_3T' ? 'Prisma 3T' : 'Terra 7T',
    spsDescription: item.protocol,
    spsStartDate: item.day.replaceAll('-', ''),
    spsStartTime: `${item.time.replace(':', '')}00`,
    spsStartAt: `${item.day}T${item.time}:00-06:00`,
    timezone: 'America/Edmonton',
  });
}

/** Upserts items as the writer does; returns the stored rows by source key. */
export async function scheduleItems(
  prisma: PrismaClient,
  items: readonly SeedItem[],
): Promise<Map<string, WorklistItem>> {
  for (const source of new Set(items.map((i) => i.source))) {
    const entries = items.filter((i) => i.source === source).map(seedEntry);
    await upsertWorklistRows(
      prisma,
      source,
      entries.map((entry) => ({
        entry,
        changeHash: changeHash(entry),
        identifiers: assignIdentifiers(entry),
      })),
    );
  }
  const rows = await prisma.worklistItem.findMany();
  return new Map(rows.map((row) => [row.sourceKey, row]));
}

/** An MPPS N-CREATE (STARTED), and optionally its final N-SET, as the gateway records them. */
async function recordMpps(
  prisma: PrismaClient,
  uid: string,
  step: MppsDataset,
  station: string,
  startedAt: Date,
  final?: 'COMPLETED' | 'DISCONTINUED',
): Promise<void> {
  const repo = createMppsRepository(prisma);
  const dataset = sampleMppsCreate({
    ScheduledStepAttributesSequence: [step],
    PerformedStationAETitle: station,
  });
  const decision = decideCreate(dataset);
  if (!decision.ok) throw new Error(decision.failure.comment);
  await repo.create({
    sopInstanceUid: uid,
    created: decision.created,
    dataset,
    callingAeTitle: 'MR1',
    startedAt,
  });
  if (final) {
    const endedAt = new Date(startedAt.getTime() + 40 * 60_000);
    await repo.update(
      uid,
      (state) => decideSet(state, sampleMppsFinalSet(final)),
      () => endedAt,
    );
  }
}

/** The scanner performs the item: started 5 minutes after its scheduled time. */
export function performItem(
  prisma: PrismaClient,
  item: WorklistItem,
  uid: string,
  final?: 'COMPLETED' | 'DISCONTINUED',
): Promise<void> {
  const startedAt = new Date(item.spsStartAt.getTime() + 5 * 60_000);
  return recordMpps(prisma, uid, sampleScheduledStep(item), item.scheduledStationAeTitle, startedAt, final);
}

/** A scan without a worklist item (its MPPS links to nothing), on the seed's day. */
export function performUnscheduled(prisma: PrismaClient, uid: string, station: string, startedAt: Date) {
  return recordMpps(prisma, uid, sampleUnscheduledStep(`${uid}.1`), station, startedAt, 'COMPLETED');
}

export const SEED_REJECTION = {
  sourceKey: '117',
  reasonCode: 'MWL_REJECT_INVALID_DATE',
  message: 'patientBirthDate (field dob) is not a date in the formats YYYY-MM-DD',
  rawRef: 'record=117 event=baseline_arm_1',
} as const;

export async function seedSourceHistory(prisma: PrismaClient): Promise<void> {
  await recordRejections(prisma, 'redcap_main', [SEED_REJECTION]);
  await recordRejections(prisma, 'calpendo_mri', [
    {
      sourceKey: 'B-9',
      reasonCode: 'MWL_REJECT_MISSING_FIELD',
      message: 'patientId (property "Participant ID") is empty',
      rawRef: 'booking=B-9',
    },
  ]);
  const run = {
    kind: 'incremental',
    windowFrom: null,
    windowTo: null,
    complete: false,
    fetched: 12,
    inserted: 3,
    updated: 2,
    unchanged: 6,
    rejected: 1,
    cancelled: 0,
    reactivated: 0,
    warning: null,
  };
  await saveSyncRun(prisma, {
    ...run,
    snapshotId: 'snap-ok',
    source: 'redcap_main',
    startedAt: new Date('2026-03-10T16:40:00Z'),
    finishedAt: new Date('2026-03-10T16:40:05Z'),
    outcome: 'succeeded',
    error: null,
  });
  await saveSyncRun(prisma, {
    ...run,
    fetched: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    snapshotId: 'snap-failed',
    source: 'calpendo_mri',
    startedAt: new Date('2026-03-10T16:50:00Z'),
    finishedAt: new Date('2026-03-10T16:50:02Z'),
    outcome: 'failed',
    error: 'MWL_ERR_SOURCE_AUTH: Calpendo answered 401 to the booking search',
  });
}
