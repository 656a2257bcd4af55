import { SourceResponseError } from '../errors.ts';

/**
 * The shapes of Calpendo's answers, checked: the booking list (`{"biskits": [{id, formattedName,
 * title, status, biskitType}]}`), a booking's detail (an object with `properties`), and the MRI
 * scan operator query. Errors describe the shape, never a value.
 */

export interface ListedBooking {
  /** The booking id as text: the entry's `sourceKey`. */
  id: string;
  formattedName?: string;
  title?: string;
  status?: string;
  biskitType?: string;
}

export type BookingDetail = Record<string, unknown>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function optionalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A booking id (a number, or a short token), as text; undefined when it is not one. */
export function bookingId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && ID.test(value.trim())) return value.trim();
  return undefined;
}

export function parseBookingList(body: unknown): ListedBooking[] {
  if (!isRecord(body) || !Array.isArray(body.biskits)) {
    throw new SourceResponseError('the Calpendo booking list is not {"biskits": [...]}');
  }
  return body.biskits.map((item, index) => {
    const id = isRecord(item) ? bookingId(item.id) : undefined;
    if (!isRecord(item) || id === undefined) {
      throw new SourceResponseError(
        `the Calpendo booking list has an entry without a valid id (index ${index})`,
      );
    }
    const listed: ListedBooking = { id };
    for (const key of ['formattedName', 'title', 'status', 'biskitType'] as const) {
      const value = optionalText(item[key]);
      if (value !== undefined) listed[key] = value;
    }
    return listed;
  });
}

/** A booking's detail; Calpendo answers some paths with `{"biskits": [detail]}`, accepted too. */
export function parseBookingDetail(body: unknown): BookingDetail {
  if (
    isRecord(body) &&
    Array.isArray(body.biskits) &&
    body.biskits.length === 1 &&
    isRecord(body.biskits[0])
  ) {
    return body.biskits[0];
  }
  if (!isRecord(body)) throw new SourceResponseError('a Calpendo booking detail is not a JSON object');
  return body;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (isRecord(value)) return nameOf(value.name) ?? nameOf(value.formattedName);
  return undefined;
}

/**
 * The operator of an MRI scan from `MRIScan/id/eq/{id}?paths=Operator.name`: the first biskit's
 * `Operator.name` (text or `{formattedName}`), or its `properties.Operator.name`.
 */
export function parseOperatorName(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body.biskits)) {
    throw new SourceResponseError('the Calpendo operator answer is not {"biskits": [...]}');
  }
  const first: unknown = body.biskits[0];
  if (!isRecord(first)) return undefined;
  const properties = isRecord(first.properties) ? first.properties : {};
  return nameOf(first['Operator.name']) ?? nameOf(first.Operator) ?? nameOf(properties.Operator);
}
