import type { LinkedMppsView, MppsView } from '@mwl/db';
import { formatDa, formatTable, formatTm, type Column } from './format-table.ts';

/** An MPPS in `query --json`: no bigint, instants as ISO strings. */
export function mppsJson(mpps: MppsView | LinkedMppsView): Record<string, unknown> {
  const { startedAt, endedAt, ...rest } = mpps;
  const linked = 'worklistItemId' in mpps ? { worklistItemId: mpps.worklistItemId.toString() } : {};
  return {
    ...rest,
    ...linked,
    startedAt: startedAt?.toISOString() ?? null,
    endedAt: endedAt?.toISOString() ?? null,
  };
}

/** The MPPS of each worklist item, by item id (as a string). */
export function mppsByItem(linked: readonly LinkedMppsView[]): Map<string, LinkedMppsView[]> {
  const byItem = new Map<string, LinkedMppsView[]>();
  for (const mpps of linked) {
    const key = mpps.worklistItemId.toString();
    byItem.set(key, [...(byItem.get(key) ?? []), mpps]);
  }
  return byItem;
}

/** An item's MPPS in one cell: `COMPLETED (study-sps)`, the latest first, `+N` for more. */
export function mppsCell(linked: readonly LinkedMppsView[] | undefined): string {
  if (!linked || linked.length === 0) return '';
  const latest = linked[linked.length - 1]!;
  const more = linked.length > 1 ? ` +${linked.length - 1}` : '';
  return `${latest.status} (${latest.linkedBy})${more}`;
}

const UNLINKED_COLUMNS: Column<MppsView>[] = [
  { title: 'PPS DATE', value: (m) => formatDa(m.startDate) },
  { title: 'TIME', value: (m) => formatTm(m.startTime) },
  { title: 'MPPS STATUS', value: (m) => m.status },
  { title: 'STATION', value: (m) => m.performedStationAeTitle ?? '' },
  { title: 'CALLING AE', value: (m) => m.callingAeTitle ?? '' },
  { title: 'SOP INSTANCE UID', value: (m) => m.sopInstanceUid },
];

/** MPPS linked to no worklist item (unscheduled scans), as a terminal table. */
export function unlinkedMppsTable(unlinked: readonly MppsView[]): string {
  return formatTable(unlinked, UNLINKED_COLUMNS);
}
