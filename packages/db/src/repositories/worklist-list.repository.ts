import type { Prisma, WorklistItem } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

/** The REST api's worklist filter (the gateway's C-FIND has its own planner). */
export interface WorklistListFilter {
  /** Scheduled on or after this local date (DA, YYYYMMDD). */
  dateFrom?: string;
  /** Scheduled on or before this local date (DA, YYYYMMDD). */
  dateTo?: string;
  stations?: readonly string[];
  modalities?: readonly string[];
  statuses?: readonly string[];
  sources?: readonly string[];
  /** Case-insensitive substring of patient name, patient id, accession number or source key. */
  text?: string;
  /** Cancelled items too (default: active only, unless `statuses` asks for CANCELED). */
  includeCancelled?: boolean;
}

export interface WorklistPage {
  items: WorklistItem[];
  total: number;
}

export function worklistWhere(filter: WorklistListFilter): Prisma.WorklistItemWhereInput {
  const and: Prisma.WorklistItemWhereInput[] = [];
  if (filter.dateFrom !== undefined) and.push({ spsStartDate: { gte: filter.dateFrom } });
  if (filter.dateTo !== undefined) and.push({ spsStartDate: { lte: filter.dateTo } });
  if (filter.stations?.length) and.push({ scheduledStationAeTitle: { in: [...filter.stations] } });
  if (filter.modalities?.length) and.push({ modality: { in: [...filter.modalities] } });
  if (filter.statuses?.length) and.push({ status: { in: [...filter.statuses] } });
  if (filter.sources?.length) and.push({ source: { in: [...filter.sources] } });
  if (filter.text !== undefined && filter.text !== '') {
    const contains = { contains: filter.text, mode: 'insensitive' as const };
    and.push({
      OR: [
        { patientName: contains },
        { patientId: contains },
        { accessionNumber: contains },
        { sourceKey: contains },
      ],
    });
  }
  const asksCancelled = filter.statuses?.includes('CANCELED') ?? false;
  if (!filter.includeCancelled && !asksCancelled) and.push({ cancelledAt: null });
  return { AND: and };
}

/** One page, in schedule order, and the number of items that match. */
export async function listWorklistItems(
  db: DbClient,
  filter: WorklistListFilter,
  page: { offset: number; limit: number },
): Promise<WorklistPage> {
  const where = worklistWhere(filter);
  const [items, total] = await Promise.all([
    db.worklistItem.findMany({
      where,
      orderBy: [{ spsStartAt: 'asc' }, { id: 'asc' }],
      skip: page.offset,
      take: page.limit,
    }),
    db.worklistItem.count({ where }),
  ]);
  return { items, total };
}

export async function findWorklistItem(db: DbClient, id: bigint): Promise<WorklistItem | null> {
  return db.worklistItem.findUnique({ where: { id } });
}

export async function findWorklistItemByKey(
  db: DbClient,
  source: string,
  sourceKey: string,
): Promise<WorklistItem | null> {
  return db.worklistItem.findUnique({ where: { source_sourceKey: { source, sourceKey } } });
}
