/** The fake Calpendo's request kinds, faults and counters, and how a path is classified. */

/** The requests the fake tells apart (for faults, latency and counters). */
export type FakeCalpendoRequestKind = 'list' | 'detail' | 'operator' | 'other';

export type FakeCalpendoFaultKind =
  /** HTTP 500 / 503 with an HTML body. */
  | 'http500'
  | 'http503'
  /** HTTP 401, as for revoked credentials. */
  | 'http401'
  /** HTTP 404, as for a booking deleted meanwhile. */
  | 'http404'
  /** HTTP 200 with truncated JSON. */
  | 'invalid-json'
  /** Never answers (until the client gives up or the fake closes). */
  | 'timeout'
  /** Closes the socket without an answer. */
  | 'reset'
  /** HTTP 200, `{"biskits": [...]}` of 256 MiB, sent as fast as the client reads. */
  | 'oversized';

export interface FakeCalpendoFault {
  kind: FakeCalpendoFaultKind;
  /** How many matching requests get it; default 1 (`Infinity`: all). */
  count?: number;
  /** Only requests of this kind. */
  request?: FakeCalpendoRequestKind;
  /** Only detail/operator requests of this booking. */
  bookingId?: number;
}

export interface FakeCalpendoStats {
  total: number;
  byKind: Record<FakeCalpendoRequestKind, number>;
  /** Requests without valid credentials. */
  unauthorized: number;
  concurrent: number;
  concurrentMax: number;
  /** Highest number of requests of one kind answered at the same time. */
  concurrentMaxByKind: Record<FakeCalpendoRequestKind, number>;
  /** TCP connections accepted (connection reuse keeps this low). */
  connections: number;
  /** Bytes of the last oversized answer sent before the client hung up (or all of them). */
  oversizedBytesSent?: number;
}

export interface FakeCalpendoRequest {
  kind: FakeCalpendoRequestKind;
  /** The decoded path (no query string). */
  path: string;
  bookingId?: number;
  authorized: boolean;
}

export const KINDS: FakeCalpendoRequestKind[] = ['list', 'detail', 'operator', 'other'];
export const perKind = (): Record<FakeCalpendoRequestKind, number> => ({
  list: 0,
  detail: 0,
  operator: 0,
  other: 0,
});

/** Which kind of request a decoded path is, and the booking it concerns. */
export function classify(segments: readonly string[]): { kind: FakeCalpendoRequestKind; bookingId?: number } {
  const [root, mode, type, ...rest] = segments;
  if (root !== 'webdav') return { kind: 'other' };
  if (mode === 'q' && type === 'Calpendo.Booking') return { kind: 'list' };
  if (mode === 'b' && type === 'Calpendo.Booking' && rest.length === 1)
    return { kind: 'detail', bookingId: Number(rest[0]) };
  if (mode === 'q' && type === 'MRIScan') {
    const id = rest.length === 3 && rest[0] === 'id' ? Number(rest[2]) : undefined;
    return { kind: 'operator', ...(id !== undefined ? { bookingId: id } : {}) };
  }
  return { kind: 'other' };
}
