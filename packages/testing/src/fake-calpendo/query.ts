import { localKey, type FakeBooking } from './model.ts';

/**
 * Calpendo's path query language, as the fake understands it: prefix notation over path segments.
 * `AND` and `OR` take every operand that follows them (so a nested one comes last); an operand is
 * `field/OP/value` with OP one of EQ, NE, GE, GT, LE, LT (any case). Fields: `dateRange.start`,
 * `dateRange.finish` (values `YYYYMMDD-HHMM`, compared with the booking's wall-clock time),
 * `resource.name`, `status`, `biskitType`, `title` (exact text) and `id` (a number).
 */

export type Comparison = 'EQ' | 'NE' | 'GE' | 'GT' | 'LE' | 'LT';

export type QueryExpr =
  { op: 'AND' | 'OR'; args: QueryExpr[] } | { field: string; cmp: Comparison; value: string };

export class QueryError extends Error {}

const COMPARISONS = new Set(['EQ', 'NE', 'GE', 'GT', 'LE', 'LT']);
const FIELDS = new Set([
  'dateRange.start',
  'dateRange.finish',
  'resource.name',
  'status',
  'biskitType',
  'title',
  'id',
]);
const DATE_BOUND = /^\d{8}-\d{4}$/;

function parseSequence(segments: readonly string[], from: number): QueryExpr[] {
  const exprs: QueryExpr[] = [];
  let index = from;
  while (index < segments.length) {
    const head = segments[index]!;
    const upper = head.toUpperCase();
    if (upper === 'AND' || upper === 'OR') {
      const args = parseSequence(segments, index + 1);
      if (args.length === 0) throw new QueryError(`${upper} has no operands`);
      exprs.push({ op: upper, args });
      return exprs;
    }
    const cmp = segments[index + 1]?.toUpperCase();
    const value = segments[index + 2];
    if (cmp === undefined || value === undefined) throw new QueryError(`incomplete condition on "${head}"`);
    if (!FIELDS.has(head)) throw new QueryError(`unknown field "${head}"`);
    if (!COMPARISONS.has(cmp)) throw new QueryError(`unknown comparison "${cmp}"`);
    if (head.startsWith('dateRange.') && !DATE_BOUND.test(value)) {
      throw new QueryError(`"${head}" needs a YYYYMMDD-HHMM value`);
    }
    exprs.push({ field: head, cmp: cmp as Comparison, value });
    index += 3;
  }
  return exprs;
}

/** Parses decoded path segments; a query of several conditions needs AND or OR. */
export function parseQuery(segments: readonly string[]): QueryExpr {
  if (segments.length === 0) throw new QueryError('empty query');
  const exprs = parseSequence(segments, 0);
  if (exprs.length !== 1) throw new QueryError('several conditions need AND or OR in front');
  return exprs[0]!;
}

function compare(left: string | number, right: string | number, cmp: Comparison): boolean {
  switch (cmp) {
    case 'EQ':
      return left === right;
    case 'NE':
      return left !== right;
    case 'GE':
      return left >= right;
    case 'GT':
      return left > right;
    case 'LE':
      return left <= right;
    case 'LT':
      return left < right;
  }
}

function fieldValue(booking: FakeBooking, field: string): string | number {
  switch (field) {
    case 'dateRange.start':
      return localKey(booking.start);
    case 'dateRange.finish':
      return localKey(booking.end);
    case 'resource.name':
      return booking.resource;
    case 'status':
      return booking.status;
    case 'biskitType':
      return booking.biskitType;
    case 'title':
      return booking.title;
    default:
      return booking.id;
  }
}

export function matchesQuery(booking: FakeBooking, expr: QueryExpr): boolean {
  if ('op' in expr) {
    return expr.op === 'AND'
      ? expr.args.every((arg) => matchesQuery(booking, arg))
      : expr.args.some((arg) => matchesQuery(booking, arg));
  }
  const left = fieldValue(booking, expr.field);
  const right =
    expr.field === 'id'
      ? Number(expr.value)
      : expr.field.startsWith('dateRange.')
        ? `${expr.value.replace('-', '')}00`
        : expr.value;
  return compare(left, right, expr.cmp);
}
