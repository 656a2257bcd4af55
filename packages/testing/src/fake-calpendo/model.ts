/**
 * The fake Calpendo's bookings and how it renders them as Calpendo does: the list view
 * (`{id, formattedName, title, status, biskitType}`), the detail (`/webdav/b/Calpendo.Booking/{id}`:
 * the list fields plus `properties` with resource, project, durationInMinutes, created, modified,
 * dateRange) and the MRI scan operator answer. Times are the site's wall-clock time, naive, as
 * Calpendo keeps them.
 */

export interface FakeBooking {
  id: number;
  title: string;
  /** Approved, Pending, Cancelled, Denied, … */
  status: string;
  /** MRIScan, EEGScan, … */
  biskitType: string;
  /** The resource's name (`resource.name` in queries, `properties.resource.formattedName`). */
  resource: string;
  project?: string;
  /** Local wall-clock start and end, `YYYY-MM-DD HH:MM:SS`. */
  start: string;
  end: string;
  /** Absent: the detail has no `durationInMinutes`. */
  durationInMinutes?: number;
  created?: string;
  modified?: string;
  /** The MRI scan's operator (MRIScan bookings only). */
  operator?: string;
  /** False: neither list nor detail carries `formattedName` (the detail's dateRange still does). */
  formattedName?: boolean;
  /** Exact instants (ISO 8601 with offset) to render as the detail's `dateRange.start`/`finish`. */
  dateRangeInstants?: { start: string; finish: string };
  /** More detail properties, rendered as given. */
  properties?: Record<string, unknown>;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function isLocalTime(value: string): boolean {
  return LOCAL.test(value);
}

/** `YYYYMMDDHHMMSS` of a local time: what query bounds compare with. */
export function localKey(value: string): string {
  return value.replace(/\D/g, '');
}

export function formattedNameOf(booking: FakeBooking): string {
  return `[${booking.start}.0, ${booking.end}.0]`;
}

export function listView(booking: FakeBooking): Record<string, unknown> {
  return {
    id: booking.id,
    ...(booking.formattedName === false ? {} : { formattedName: formattedNameOf(booking) }),
    title: booking.title,
    status: booking.status,
    biskitType: booking.biskitType,
  };
}

export function detailView(booking: FakeBooking): Record<string, unknown> {
  const dateRange = booking.dateRangeInstants
    ? { start: booking.dateRangeInstants.start, finish: booking.dateRangeInstants.finish }
    : {
        start: `${booking.start}.0`,
        finish: `${booking.end}.0`,
        ...(booking.formattedName === false ? {} : { formattedName: formattedNameOf(booking) }),
      };
  return {
    ...listView(booking),
    properties: {
      resource: { formattedName: booking.resource, name: booking.resource },
      ...(booking.project !== undefined ? { project: { formattedName: booking.project } } : {}),
      ...(booking.durationInMinutes !== undefined ? { durationInMinutes: booking.durationInMinutes } : {}),
      ...(booking.created !== undefined ? { created: booking.created } : {}),
      ...(booking.modified !== undefined ? { modified: booking.modified } : {}),
      dateRange,
      ...booking.properties,
    },
  };
}

/** The answer of `MRIScan/id/eq/{id}?paths=Operator.name` for one booking. */
export function operatorView(booking: FakeBooking): Record<string, unknown> {
  return {
    id: booking.id,
    properties: { Operator: booking.operator !== undefined ? { name: booking.operator } : {} },
  };
}

/**
 * A recorded booking of a fixture: the detail answer as Calpendo gave it, the operator answer
 * (MRI scans), and, when the detail carries exact instants only, the local times the fake's
 * query evaluator compares.
 */
export interface RecordedBooking {
  detail: Record<string, unknown>;
  operator?: { biskits?: { properties?: { Operator?: { name?: string } } }[] };
  local?: { start: string; end: string };
}

/** A recorded booking as a fake booking. */
export function bookingFromRecorded(record: RecordedBooking): FakeBooking {
  const { detail } = record;
  const properties = { ...((detail.properties ?? {}) as Record<string, unknown>) };
  const take = <T>(key: string): T | undefined => {
    const value = properties[key] as T | undefined;
    delete properties[key];
    return value;
  };
  const resource = take<{ formattedName?: string; name?: string }>('resource');
  const project = take<{ formattedName?: string }>('project');
  const durationInMinutes = take<number>('durationInMinutes');
  const created = take<string>('created');
  const modified = take<string>('modified');
  const dateRange = take<{ start?: string; finish?: string }>('dateRange') ?? {};
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const strip = (value: string | undefined) => (value ?? '').replace(/\.\d+$/, '');
  const range = /^\[([^,]+), ([^\]]+)\]$/.exec(text(detail.formattedName));
  const hasInstants = /T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(dateRange.start ?? '');
  const start = record.local?.start ?? strip(range?.[1] ?? dateRange.start);
  const end = record.local?.end ?? strip(range?.[2] ?? dateRange.finish);
  if (!isLocalTime(start) || !isLocalTime(end)) {
    throw new Error(
      `fixture booking ${String(detail.id)}: no local start/end (formattedName, dateRange or local)`,
    );
  }
  const operator = record.operator?.biskits?.[0]?.properties?.Operator?.name;
  return {
    id: Number(detail.id),
    title: text(detail.title),
    status: text(detail.status),
    biskitType: text(detail.biskitType),
    resource: resource?.formattedName ?? resource?.name ?? '',
    ...(project?.formattedName !== undefined ? { project: project.formattedName } : {}),
    start,
    end,
    ...(durationInMinutes !== undefined ? { durationInMinutes } : {}),
    ...(created !== undefined ? { created } : {}),
    ...(modified !== undefined ? { modified } : {}),
    ...(operator !== undefined ? { operator } : {}),
    ...(detail.formattedName === undefined ? { formattedName: false } : {}),
    ...(hasInstants ? { dateRangeInstants: { start: dateRange.start!, finish: dateRange.finish! } } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}
