import { isMwlError } from '@mwl/domain';
import {
  SourceAbortedError,
  SourceAuthError,
  SourceRequestError,
  SourceUnavailableError,
} from '../errors.ts';
import type { EntryWarning, Rejection, RejectionCode } from '../rejection.ts';
import type { CalpendoClient } from './client.ts';
import { runLimited } from './pool.ts';
import { operatorQuery } from './query.ts';
import {
  parseBookingDetail,
  parseOperatorName,
  type BookingDetail,
  type ListedBooking,
} from './responses.ts';

/**
 * Reads the details (and, for MRI scans, the operator) of listed bookings, at most `concurrency`
 * requests at a time on the shared HTTP client's pooled connections. A booking whose detail fails
 * after the client's retries is a failure of that booking alone; a booking Calpendo no longer has
 * (404) has vanished. An authentication error or an abort stops the whole read.
 */

/** Not yet in `REJECTION_CODES`: the booking's detail could not be read (after retries). */
export const CALPENDO_READ_FAILED = 'MWL_REJECT_SOURCE_READ_FAILED' satisfies RejectionCode;

export type BookingRead =
  | {
      kind: 'read';
      listed: ListedBooking;
      detail: BookingDetail;
      operator?: string;
      operatorFailure?: ReadFailure;
    }
  | { kind: 'vanished'; listed: ListedBooking }
  | { kind: 'failed'; listed: ListedBooking; failure: ReadFailure };

/** Why a request failed (codes and statuses only). */
export interface ReadFailure {
  code: string;
  httpStatus?: number;
}

export interface ReadBookingsOptions {
  client: CalpendoClient;
  concurrency: number;
  /** Look up the operator of bookings whose `biskitType` is MRIScan. */
  fetchOperator: boolean;
  signal?: AbortSignal;
}

function isFatal(error: unknown): boolean {
  return error instanceof SourceAuthError || error instanceof SourceAbortedError;
}

function failureOf(error: unknown): ReadFailure {
  const httpStatus =
    error instanceof SourceUnavailableError || error instanceof SourceRequestError
      ? error.httpStatus
      : undefined;
  return {
    code: isMwlError(error) ? error.code : 'MWL_ERR_UNEXPECTED',
    ...(httpStatus ? { httpStatus } : {}),
  };
}

function isMriScan(detail: BookingDetail, listed: ListedBooking): boolean {
  const type = typeof detail.biskitType === 'string' ? detail.biskitType : listed.biskitType;
  return (type ?? '').trim().toLowerCase() === 'mriscan';
}

export async function readBookings(
  listed: readonly ListedBooking[],
  options: ReadBookingsOptions,
): Promise<BookingRead[]> {
  const { client } = options;
  const reads: BookingRead[] = new Array<BookingRead>(listed.length);
  await runLimited(
    listed,
    options.concurrency,
    async (booking, index, signal) => {
      const bookingId = booking.id;
      let detail: BookingDetail;
      try {
        const body = await client.get(`b/Calpendo.Booking/${encodeURIComponent(bookingId)}`, {
          kind: 'detail',
          signal,
          notFoundIsEmpty: true,
          bookingId,
        });
        if (body === undefined) {
          reads[index] = { kind: 'vanished', listed: booking };
          return;
        }
        detail = parseBookingDetail(body);
      } catch (error) {
        if (isFatal(error)) throw error;
        reads[index] = { kind: 'failed', listed: booking, failure: failureOf(error) };
        return;
      }
      if (!options.fetchOperator || !isMriScan(detail, booking)) {
        reads[index] = { kind: 'read', listed: booking, detail };
        return;
      }
      try {
        const body = await client.get(`q/${operatorQuery(bookingId)}`, {
          kind: 'operator',
          signal,
          bookingId,
        });
        const operator = parseOperatorName(body);
        reads[index] = {
          kind: 'read',
          listed: booking,
          detail,
          ...(operator !== undefined ? { operator } : {}),
        };
      } catch (error) {
        if (isFatal(error)) throw error;
        reads[index] = { kind: 'read', listed: booking, detail, operatorFailure: failureOf(error) };
      }
    },
    options.signal,
  );
  if (options.signal?.aborted) throw new SourceAbortedError({ cause: options.signal.reason });
  return reads;
}

export function readFailureRejection(read: Extract<BookingRead, { kind: 'failed' }>): Rejection {
  const { code, httpStatus } = read.failure;
  return {
    sourceKey: read.listed.id,
    // The shared code list lacks a "could not read" reason; the queue accepts any UPPER_SNAKE code.
    reasonCode: CALPENDO_READ_FAILED,
    message: `the booking's detail could not be read (${code}${httpStatus ? `, HTTP ${httpStatus}` : ''}); the window is incomplete`,
    fields: [],
    rawRef: `booking=${read.listed.id}`,
  };
}

export function operatorFailureWarnings(
  read: Extract<BookingRead, { kind: 'read' }>,
  targets: readonly string[],
): EntryWarning[] {
  if (!read.operatorFailure || targets.length === 0) return [];
  const { code, httpStatus } = read.operatorFailure;
  return targets.map((field) => ({
    sourceKey: read.listed.id,
    code: 'MWL_WARN_VALUE_OMITTED' as const,
    field,
    message: `the MRI scan's operator could not be read (${code}${httpStatus ? `, HTTP ${httpStatus}` : ''}); left empty`,
    rawRef: `booking=${read.listed.id}`,
  }));
}
