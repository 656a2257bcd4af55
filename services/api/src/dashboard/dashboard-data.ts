import {
  listMppsOfItems,
  listRejections,
  listSyncRuns,
  listUnlinkedMpps,
  listWorklistItems,
  readSourceRecords,
} from '@mwl/db';
import type { ApiContext } from '../api-context.ts';
import { sourceView, syncRunView } from '../routes/sources.routes.ts';
import { filterOf } from '../routes/worklist.routes.ts';
import { dayIn } from './format.ts';
import type { RejectionsData } from './pages/rejections.page.ts';
import type { SourcesData } from './pages/sources.page.ts';
import type { TodayData } from './pages/today.page.ts';
import type { WorklistSearch } from './pages/worklist.page.ts';

/** Most items a page lists (the CSV export and the REST api page through more). */
export const PAGE_ROWS = 500;
const RECENT_RUNS = 5;
const UNLINKED_MPPS = 50;

export async function loadToday(
  context: ApiContext,
  day: string | undefined,
  refreshSeconds: number,
): Promise<TodayData> {
  const now = context.clock();
  const timezone = context.options.timezone;
  const today = dayIn(now, timezone);
  const shown = day ?? today;
  const da = shown.replaceAll('-', '');
  const page = await listWorklistItems(
    context.prisma,
    { dateFrom: da, dateTo: da, includeCancelled: false },
    { offset: 0, limit: PAGE_ROWS },
  );
  const [mpps, unlinked] = await Promise.all([
    listMppsOfItems(
      context.prisma,
      page.items.map((i) => i.id),
    ),
    listUnlinkedMpps(context.prisma, { from: da, to: da, limit: UNLINKED_MPPS }),
  ]);
  return {
    day: shown,
    today,
    timezone,
    items: page.items,
    total: page.total,
    mpps,
    unlinked,
    refreshedAt: now,
    refreshSeconds,
  };
}

export async function loadSources(
  context: ApiContext,
  canSync: boolean,
  refreshSeconds: number,
): Promise<SourcesData> {
  const names = context.sources.map((s) => s.name);
  const [records, failures] = await Promise.all([
    readSourceRecords(context.prisma, names, RECENT_RUNS),
    Promise.all(names.map((source) => listSyncRuns(context.prisma, { source, outcome: 'failed', limit: 1 }))),
  ]);
  return {
    sources: context.sources.map((source, i) => {
      const failed = failures[i]?.[0];
      return { view: sourceView(source, records[i]!), lastFailure: failed ? syncRunView(failed) : undefined };
    }),
    canSync,
    timezone: context.options.timezone,
    refreshedAt: context.clock(),
    refreshSeconds,
  };
}

export async function loadRejections(context: ApiContext): Promise<RejectionsData> {
  const page = await listRejections(context.prisma, { offset: 0, limit: PAGE_ROWS });
  return {
    rejections: page.items,
    total: page.total,
    sourceTypes: new Map(context.sources.map((s) => [s.name, s.type])),
    timezone: context.options.timezone,
  };
}

/** The search form's fields are the REST api's worklist filter (`q`, `from`, `to`, `station`, `status`). */
export async function searchWorklist(context: ApiContext, search: WorklistSearch, limit: number) {
  return listWorklistItems(context.prisma, filterOf(search), { offset: 0, limit });
}
