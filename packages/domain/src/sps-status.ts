/**
 * Scheduled Procedure Step Status (0040,0020), PS3.3 C.4.10, defined terms.
 *
 * Ownership: a source schedules and cancels; once a modality reports through MPPS, the status is
 * MPPS's. A source update never moves an MPPS-owned status back.
 */
export const SPS_STATUSES = [
  'SCHEDULED',
  'ARRIVED',
  'READY',
  'STARTED',
  'DEPARTED',
  'COMPLETED',
  'DISCONTINUED',
  'CANCELED',
] as const;

export type SpsStatus = (typeof SPS_STATUSES)[number];

/** Statuses a source may set. */
export const SOURCE_STATUSES = [
  'SCHEDULED',
  'ARRIVED',
  'READY',
  'CANCELED',
] as const satisfies readonly SpsStatus[];
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** Statuses set by MPPS; a source never overwrites them. */
export const MPPS_OWNED_STATUSES = [
  'STARTED',
  'COMPLETED',
  'DISCONTINUED',
] as const satisfies readonly SpsStatus[];

/** Statuses a C-FIND hides unless the query asks for them by SPS Status. */
export const HIDDEN_BY_DEFAULT_STATUSES = [
  'CANCELED',
  'COMPLETED',
  'DISCONTINUED',
] as const satisfies readonly SpsStatus[];

export type MppsStatus = 'IN PROGRESS' | 'COMPLETED' | 'DISCONTINUED';

export function isSpsStatus(value: string): value is SpsStatus {
  return (SPS_STATUSES as readonly string[]).includes(value);
}

export function isMppsOwned(status: string): boolean {
  return (MPPS_OWNED_STATUSES as readonly string[]).includes(status);
}

/** The status a row ends with when its source sends `incoming` while the row holds `current`. */
export function statusAfterSourceUpdate(current: SpsStatus, incoming: SourceStatus): SpsStatus {
  return isMppsOwned(current) ? current : incoming;
}

/** The SPS status that follows an MPPS status (PS3.4 F.7). */
export function spsStatusForMpps(status: MppsStatus): SpsStatus {
  switch (status) {
    case 'IN PROGRESS':
      return 'STARTED';
    case 'COMPLETED':
      return 'COMPLETED';
    case 'DISCONTINUED':
      return 'DISCONTINUED';
  }
}
