import {
  EFFECTIVE_STATUS_SQL,
  MwlError,
  WORKLIST_COLUMNS,
  toSqlLikePattern,
  type MatchCondition,
  type MatchPlan,
  type StatusVisibility,
  type WorklistColumn,
} from '@mwl/domain';

/**
 * The SQL of a Modality Worklist C-FIND: a `MatchPlan` (pure data from `@mwl/domain`) as one
 * parameterized statement. Values only ever travel as parameters (`$n`); the only identifiers
 * written into the text are `worklist_item` column names from `WORKLIST_COLUMNS`, each checked
 * against that whitelist and a strict pattern.
 *
 * Order and paging: `ORDER BY sps_start_at, id` (chronological, as a scanner lists its day; `id`
 * breaks ties) with keyset pages `(sps_start_at, id) > ($a, $b)`, so every page is a bounded index
 * range and nothing is skipped or repeated between pages. "Today's worklist for station X" is
 * found through the index on (sps_start_date, modality, scheduled_station_ae_title) and the few
 * matches sorted; an open query walks the index on sps_start_at.
 */

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Where the previous page ended: its last row's start instant and id. */
export interface FindCursor {
  spsStartAt: Date;
  id: bigint | string;
}

export interface BuildFindSqlOptions {
  /** Rows in this page (LIMIT). */
  limit: number;
  /** Start after this row (keyset paging); absent for the first page. */
  after?: FindCursor;
}

const TABLE = 'worklist_item';
const SAFE_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
/** Columns that are not text: they are never compared with `''`. */
const NON_TEXT_COLUMNS: ReadonlySet<string> = new Set([
  'patient_weight_kg',
  'patient_size_m',
  'sps_start_at',
  'cancelled_at',
  'extra',
]);
/** `E'\\'` is one backslash whatever `standard_conforming_strings` says; toSqlLikePattern uses it. */
const LIKE_ESCAPE = "ESCAPE E'\\\\'";

/** A column name outside the whitelist reached the SQL builder: a programming error, never data. */
export class UnsafeColumnError extends MwlError {
  constructor(column: string) {
    super(
      'MWL_ERR_DB_UNSAFE_COLUMN',
      `refusing to put column "${column}" into SQL: not a worklist_item column`,
    );
  }
}

/** A column name, checked: in the whitelist and made of lower-case letters, digits and `_`. */
export function safeColumn(column: string): string {
  if (!Object.hasOwn(WORKLIST_COLUMNS, column) || !SAFE_IDENTIFIER.test(column)) {
    throw new UnsafeColumnError(column);
  }
  return column;
}

/** `column AS "field"` for every WorklistRow field, plus the id used for paging. */
export function selectList(): string {
  const columns = (Object.keys(WORKLIST_COLUMNS) as WorklistColumn[]).map(
    (column) => `${safeColumn(column)} AS "${WORKLIST_COLUMNS[column]}"`,
  );
  return ['id', ...columns].join(', ');
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

function notEmpty(column: string): string {
  return NON_TEXT_COLUMNS.has(column) ? `${column} IS NOT NULL` : `${column} IS NOT NULL AND ${column} <> ''`;
}

/** The SQL of one condition, or undefined for Universal Matching (no restriction). */
function conditionSql(condition: MatchCondition, params: Params): string | undefined {
  switch (condition.kind) {
    case 'universal':
      return undefined;
    case 'single': {
      const col = safeColumn(condition.column);
      const value = params.add(condition.value);
      const test = condition.caseInsensitive ? `lower(${col}) = lower(${value})` : `${col} = ${value}`;
      return `${notEmpty(col)} AND ${test}`;
    }
    case 'wildcard': {
      const col = safeColumn(condition.column);
      const pattern = params.add(toSqlLikePattern(condition.pattern));
      const test = condition.caseInsensitive
        ? `lower(${col}) LIKE lower(${pattern}) ${LIKE_ESCAPE}`
        : `${col} LIKE ${pattern} ${LIKE_ESCAPE}`;
      return `${notEmpty(col)} AND ${test}`;
    }
    case 'list': {
      const col = safeColumn(condition.column);
      return `${notEmpty(col)} AND ${col} = ANY(${params.add([...condition.values], 'text[]')})`;
    }
    case 'range': {
      const col = safeColumn(condition.column);
      const parts = [notEmpty(col)];
      if (condition.from !== undefined) parts.push(`${col} >= ${params.add(condition.from)}`);
      if (condition.to !== undefined) parts.push(`${col} <= ${params.add(condition.to)}`);
      return parts.join(' AND ');
    }
    case 'datetime-range': {
      const date = safeColumn(condition.dateColumn);
      const time = safeColumn(condition.timeColumn);
      const parts = [notEmpty(date), notEmpty(time)];
      // The row comparison is the period; the plain date bound lets the (date, …) index narrow it.
      if (condition.from !== undefined) {
        const from = params.add(condition.from.date);
        parts.push(
          `${date} >= ${from}`,
          `(${date}, ${time}) >= (${from}, ${params.add(condition.from.time)})`,
        );
      }
      if (condition.to !== undefined) {
        const to = params.add(condition.to.date);
        parts.push(`${date} <= ${to}`, `(${date}, ${time}) <= (${to}, ${params.add(condition.to.time)})`);
      }
      return parts.join(' AND ');
    }
    case 'instant-range': {
      const col = safeColumn(condition.column);
      const parts = [notEmpty(col)];
      if (condition.from !== undefined) parts.push(`${col} >= ${params.add(condition.from, 'timestamptz')}`);
      if (condition.to !== undefined) parts.push(`${col} <= ${params.add(condition.to, 'timestamptz')}`);
      return parts.join(' AND ');
    }
  }
}

function visibilitySql(visibility: StatusVisibility, params: Params): string {
  if (visibility.kind === 'default') {
    const hidden = params.add([...visibility.hiddenStatuses], 'text[]');
    const status = `status <> ALL(${hidden})`;
    return visibility.excludeCancelled ? `cancelled_at IS NULL AND ${status}` : status;
  }
  return `(${EFFECTIVE_STATUS_SQL}) = ANY(${params.add([...visibility.statuses], 'text[]')})`;
}

/** The WHERE clause of a plan (without the keyword). Never empty: visibility always applies. */
export function buildWhere(plan: MatchPlan, params = new Params()): { where: string; params: Params } {
  const clauses = [visibilitySql(plan.visibility, params)];
  for (const condition of plan.conditions) {
    const sql = conditionSql(condition, params);
    if (sql !== undefined) clauses.push(`(${sql})`);
  }
  return { where: clauses.join('\n  AND '), params };
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer`);
  return value;
}

/** One page of matches, in (sps_start_at, id) order. */
export function buildFindSql(plan: MatchPlan, options: BuildFindSqlOptions): SqlStatement {
  const { where, params } = buildWhere(plan);
  let keyset = '';
  if (options.after) {
    const at = params.add(options.after.spsStartAt.toISOString(), 'timestamptz');
    const id = params.add(String(options.after.id), 'bigint');
    keyset = `\n  AND sps_start_at >= ${at} AND (sps_start_at, id) > (${at}, ${id})`;
  }
  const limit = params.add(positiveInteger(options.limit, 'limit'), 'int');
  return {
    text:
      `SELECT ${selectList()}\nFROM ${TABLE}\nWHERE ${where}${keyset}\n` +
      `ORDER BY sps_start_at, id\nLIMIT ${limit}`,
    values: params.values,
  };
}

/**
 * How many rows match, counting no further than `upTo` (`SELECT count(*) FROM (… LIMIT upTo)`):
 * answers "more than the cap?" without reading every match of a runaway query.
 */
export function buildCountSql(plan: MatchPlan, options: { upTo: number }): SqlStatement {
  const { where, params } = buildWhere(plan);
  const limit = params.add(positiveInteger(options.upTo, 'upTo'), 'int');
  return {
    text: `SELECT count(*)::int AS "count"\nFROM (SELECT 1 FROM ${TABLE}\nWHERE ${where}\nLIMIT ${limit}) AS capped`,
    values: params.values,
  };
}
