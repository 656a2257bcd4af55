import type { LinkedMppsView, WorklistItem } from '@mwl/db';
import { formatDa, formatTable, formatTm, type Column } from './format-table.ts';
import { mppsCell } from './mpps-view.ts';

/** A worklist row for `query --json`: its fields as stored, dates as ISO strings, no bigint. */
export function worklistJson(item: WorklistItem): Record<string, unknown> {
  const { id, createdAt, updatedAt, lastSeenAt, cancelledAt, spsStartAt, changeHash: _hash, ...rest } = item;
  return {
    id: id.toString(),
    ...rest,
    spsStartAt: spsStartAt.toISOString(),
    cancelledAt: cancelledAt?.toISOString() ?? null,
    lastSeenAt: lastSeenAt.toISOString(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

type Row = WorklistItem & { mpps?: readonly LinkedMppsView[] };

const COLUMNS: Column<Row>[] = [
  { title: 'DATE', value: (r) => formatDa(r.spsStartDate) },
  { title: 'TIME', value: (r) => formatTm(r.spsStartTime) },
  { title: 'PATIENT NAME', value: (r) => r.patientName, max: 32 },
  { title: 'PATIENT ID', value: (r) => r.patientId, max: 40 },
  { title: 'ACCESSION', value: (r) => r.accessionNumber, max: 16 },
  { title: 'MOD', value: (r) => r.modality },
  { title: 'STATION', value: (r) => r.scheduledStationAeTitle },
  { title: 'STATUS', value: (r) => (r.cancelledAt ? 'CANCELED' : r.status) },
  { title: 'MPPS', value: (r) => mppsCell(r.mpps), max: 32 },
  { title: 'SOURCE', value: (r) => r.source },
  { title: 'DESCRIPTION', value: (r) => r.spsDescription ?? r.requestedProcedureDescription ?? '', max: 40 },
];

/**
 * The worklist as a terminal table, in the order given; the MPPS column shows each item's latest
 * MPPS status and how it was linked (`mpps`: by item id).
 */
export function worklistTable(
  items: readonly WorklistItem[],
  mpps: ReadonlyMap<string, readonly LinkedMppsView[]> = new Map(),
): string {
  return formatTable(
    items.map((item) => ({ ...item, mpps: mpps.get(item.id.toString()) ?? [] })),
    COLUMNS,
  );
}
