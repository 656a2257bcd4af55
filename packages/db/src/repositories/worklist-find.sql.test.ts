import { HIDDEN_BY_DEFAULT_STATUSES, planQuery, type MatchCondition, type MatchPlan } from '@mwl/domain';
import { describe, expect, it } from 'vitest';
import {
  UnsafeColumnError,
  buildCountSql,
  buildFindSql,
  safeColumn,
  selectList,
} from './worklist-find.sql.ts';

const DEFAULT_VISIBILITY: MatchPlan['visibility'] = {
  kind: 'default',
  hiddenStatuses: HIDDEN_BY_DEFAULT_STATUSES,
  excludeCancelled: true,
};

function planOf(...conditions: MatchCondition[]): MatchPlan {
  return { conditions, visibility: DEFAULT_VISIBILITY, returnKeys: [] };
}

/** The WHERE clause after the visibility clause, and the values after the hidden statuses. */
function conditionPart(plan: MatchPlan): { sql: string; values: unknown[] } {
  const { text, values } = buildFindSql(plan, { limit: 200 });
  const where = /WHERE ([\s\S]*)\nORDER BY/.exec(text)?.[1] ?? '';
  const [, ...rest] = where.split('\n  AND ');
  return { sql: rest.join(' AND '), values: values.slice(1, -1) };
}

const path = 'PatientName';

describe('buildFindSql: one condition of each kind', () => {
  it.each<[string, MatchCondition, string, unknown[]]>([
    [
      'universal matching adds nothing',
      { kind: 'universal', column: 'patient_name', path, excludeEmpty: false },
      '',
      [],
    ],
    [
      'single value compares exactly',
      {
        kind: 'single',
        column: 'patient_id',
        path,
        value: 'SUB-1',
        caseInsensitive: false,
        excludeEmpty: true,
      },
      "(patient_id IS NOT NULL AND patient_id <> '' AND patient_id = $2)",
      ['SUB-1'],
    ],
    [
      'case-insensitive single value lowers both sides',
      {
        kind: 'single',
        column: 'patient_name',
        path,
        value: 'doe^john',
        caseInsensitive: true,
        excludeEmpty: true,
      },
      "(patient_name IS NOT NULL AND patient_name <> '' AND lower(patient_name) = lower($2))",
      ['doe^john'],
    ],
    [
      'wild card becomes LIKE with an escape',
      {
        kind: 'wildcard',
        column: 'accession_number',
        path,
        pattern: 'A*1?',
        caseInsensitive: false,
        excludeEmpty: true,
      },
      "(accession_number IS NOT NULL AND accession_number <> '' AND accession_number LIKE $2 ESCAPE E'\\\\')",
      ['A%1_'],
    ],
    [
      'case-insensitive wild card lowers both sides',
      {
        kind: 'wildcard',
        column: 'patient_name',
        path,
        pattern: 'DOE*',
        caseInsensitive: true,
        excludeEmpty: true,
      },
      "(patient_name IS NOT NULL AND patient_name <> '' AND lower(patient_name) LIKE lower($2) ESCAPE E'\\\\')",
      ['DOE%'],
    ],
    [
      'a list is one array parameter',
      { kind: 'list', column: 'study_instance_uid', path, values: ['1.2.3', '1.2.4'], excludeEmpty: true },
      "(study_instance_uid IS NOT NULL AND study_instance_uid <> '' AND study_instance_uid = ANY($2::text[]))",
      [['1.2.3', '1.2.4']],
    ],
    [
      'a closed range has both bounds',
      {
        kind: 'range',
        column: 'patient_birth_date',
        path,
        vr: 'DA',
        from: '19800101',
        to: '19891231',
        excludeEmpty: true,
      },
      "(patient_birth_date IS NOT NULL AND patient_birth_date <> '' AND patient_birth_date >= $2 AND patient_birth_date <= $3)",
      ['19800101', '19891231'],
    ],
    [
      'an open range has one bound',
      { kind: 'range', column: 'sps_start_time', path, vr: 'TM', to: '120000', excludeEmpty: true },
      "(sps_start_time IS NOT NULL AND sps_start_time <> '' AND sps_start_time <= $2)",
      ['120000'],
    ],
    [
      'a date-time period compares (date, time) rows and bounds the date for the index',
      {
        kind: 'datetime-range',
        dateColumn: 'sps_start_date',
        timeColumn: 'sps_start_time',
        path,
        from: { date: '20260310', time: '090000' },
        to: { date: '20260312', time: '170000' },
        excludeEmpty: true,
      },
      "(sps_start_date IS NOT NULL AND sps_start_date <> '' AND sps_start_time IS NOT NULL AND sps_start_time <> '' " +
        'AND sps_start_date >= $2 AND (sps_start_date, sps_start_time) >= ($2, $3) ' +
        'AND sps_start_date <= $4 AND (sps_start_date, sps_start_time) <= ($4, $5))',
      ['20260310', '090000', '20260312', '170000'],
    ],
    [
      'an instant range compares sps_start_at as timestamptz',
      {
        kind: 'instant-range',
        column: 'sps_start_at',
        path,
        from: '2026-03-10T15:00:00.000Z',
        excludeEmpty: true,
      },
      '(sps_start_at IS NOT NULL AND sps_start_at >= $2::timestamptz)',
      ['2026-03-10T15:00:00.000Z'],
    ],
  ])('%s', (_name, condition, sql, values) => {
    expect(conditionPart(planOf(condition))).toEqual({ sql, values });
  });
});

describe('buildFindSql: values that look like SQL stay in parameters', () => {
  const hostile = ["'; DROP TABLE x; --", '%', '_', '\\', "O'Brien", '$1', '"; SELECT 1; --'];

  it.each(hostile)('keeps %j out of the SQL text of a single-value match', (value) => {
    const { text, values } = buildFindSql(
      planOf({
        kind: 'single',
        column: 'patient_id',
        path,
        value,
        caseInsensitive: false,
        excludeEmpty: true,
      }),
      { limit: 10 },
    );
    expect(values).toContain(value);
    if (value.length > 2) expect(text).not.toContain(value);
    expect(text).not.toMatch(/DROP|SELECT 1|O'Brien/);
  });

  it.each([
    ["'; DROP TABLE x; --", "'; DROP TABLE x; --"],
    ['%', '\\%'],
    ['_', '\\_'],
    ['\\', '\\\\'],
    ['100%*', '100\\%%'],
  ])('escapes %j inside a wild card pattern as the parameter %j', (pattern, like) => {
    const { text, values } = buildFindSql(
      planOf({
        kind: 'wildcard',
        column: 'patient_name',
        path,
        pattern,
        caseInsensitive: false,
        excludeEmpty: true,
      }),
      { limit: 10 },
    );
    expect(values).toContain(like);
    expect(text).not.toContain('DROP');
  });
});

describe('buildFindSql: visibility, order, paging', () => {
  it('hides cancelled rows and the hidden statuses by default', () => {
    const { text, values } = buildFindSql(planOf(), { limit: 5 });
    expect(text).toContain('WHERE cancelled_at IS NULL AND status <> ALL($1::text[])');
    expect(values).toEqual([[...HIDDEN_BY_DEFAULT_STATUSES], 5]);
  });

  it('hides the configured statuses (gateway.hide_statuses), cancelled rows only when CANCELED is one', () => {
    const plan = planQuery({}, { hiddenStatuses: ['COMPLETED'] });
    if (!plan.ok) throw new Error(plan.reason);
    const { text, values } = buildFindSql(plan.plan, { limit: 5 });
    expect(text).toContain('WHERE status <> ALL($1::text[])');
    expect(text).not.toContain('cancelled_at IS NULL');
    expect(values).toEqual([['COMPLETED'], 5]);
    const withCancel = planQuery({}, { hiddenStatuses: ['CANCELED', 'STARTED'] });
    if (!withCancel.ok) throw new Error(withCancel.reason);
    expect(buildFindSql(withCancel.plan, { limit: 5 }).text).toContain(
      'WHERE cancelled_at IS NULL AND status <> ALL($1::text[])',
    );
  });

  it('matches the effective status when the query names statuses', () => {
    const plan: MatchPlan = {
      ...planOf(),
      visibility: { kind: 'explicit', statuses: ['CANCELED', 'SCHEDULED'] },
    };
    const { text, values } = buildFindSql(plan, { limit: 5 });
    expect(text).toContain(
      "WHERE (CASE WHEN cancelled_at IS NOT NULL THEN 'CANCELED' ELSE status END) = ANY($1::text[])",
    );
    expect(values[0]).toEqual(['CANCELED', 'SCHEDULED']);
  });

  it('orders by start instant then id and limits the page', () => {
    const { text, values } = buildFindSql(planOf(), { limit: 200 });
    expect(text).toMatch(/ORDER BY sps_start_at, id\nLIMIT \$2::int$/);
    expect(values.at(-1)).toBe(200);
  });

  it('continues after the previous page with a keyset condition', () => {
    const after = { spsStartAt: new Date('2026-03-10T15:30:00.123Z'), id: 42n };
    const { text, values } = buildFindSql(planOf(), { limit: 200, after });
    expect(text).toContain(
      'AND sps_start_at >= $2::timestamptz AND (sps_start_at, id) > ($2::timestamptz, $3::bigint)',
    );
    expect(values).toEqual([[...HIDDEN_BY_DEFAULT_STATUSES], '2026-03-10T15:30:00.123Z', '42', 200]);
  });

  it('selects every WorklistRow field under its camelCase name, plus id', () => {
    expect(selectList()).toMatch(/^id, patient_name AS "patientName", patient_id AS "patientId", /);
    expect(selectList()).toContain('sps_start_at AS "spsStartAt"');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the page size %s', (limit) => {
    expect(() => buildFindSql(planOf(), { limit })).toThrow(RangeError);
  });
});

describe('buildCountSql', () => {
  it('counts at most upTo matches with the same conditions', () => {
    const plan = planOf({
      kind: 'single',
      column: 'modality',
      path,
      value: 'MR',
      caseInsensitive: false,
      excludeEmpty: true,
    });
    const { text, values } = buildCountSql(plan, { upTo: 1001 });
    expect(text).toMatch(/^SELECT count\(\*\)::int AS "count"\nFROM \(SELECT 1 FROM worklist_item\nWHERE /);
    expect(text).toContain('modality = $2');
    expect(text).toMatch(/LIMIT \$3::int\) AS capped$/);
    expect(values).toEqual([[...HIDDEN_BY_DEFAULT_STATUSES], 'MR', 1001]);
  });
});

describe('column whitelist', () => {
  it.each(['patient_name', 'sps_start_date'])('accepts the column %s', (column) => {
    expect(safeColumn(column)).toBe(column);
  });

  it.each(['id; DROP TABLE x', 'PATIENT_NAME', 'patient_name ', 'pg_sleep', '__proto__', 'toString', ''])(
    'refuses %j',
    (column) => {
      expect(() => safeColumn(column)).toThrow(UnsafeColumnError);
    },
  );

  it('refuses a plan whose condition names a column outside the whitelist', () => {
    const condition = {
      kind: 'single',
      column: 'patient_name) OR (1=1',
      path,
      value: 'x',
      caseInsensitive: false,
      excludeEmpty: true,
    } as unknown as MatchCondition;
    expect(() => buildFindSql(planOf(condition), { limit: 1 })).toThrow(UnsafeColumnError);
  });
});

describe('plans from real identifiers', () => {
  it("builds today's MR worklist for one station on the indexed columns", () => {
    const result = planQuery({
      PatientName: '',
      ScheduledProcedureStepSequence: [
        { Modality: 'MR', ScheduledStationAETitle: 'MRI_3T', ScheduledProcedureStepStartDate: '20260310' },
      ],
    });
    if (!result.ok) throw new Error(result.reason);
    const { text, values } = buildFindSql(result.plan, { limit: 200 });
    expect(text).toContain('scheduled_station_ae_title = $');
    expect(text).toContain('modality = $');
    expect(text).toContain('sps_start_date = $');
    expect(values).toEqual(expect.arrayContaining(['MR', 'MRI_3T', '20260310']));
  });
});
