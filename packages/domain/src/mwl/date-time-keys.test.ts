import { describe, expect, it } from 'vitest';
import type { NaturalizedDataset } from './identifier-values.ts';
import { planQuery } from './match-plan.ts';
import type { MatchCondition, MatchPlan, PlanOptions, PlanResult } from './index.ts';

function planOf(identifier: NaturalizedDataset, options?: PlanOptions): MatchPlan {
  const result = planQuery(identifier, options);
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}`);
  return result.plan;
}

function conditionsOf(identifier: NaturalizedDataset, options?: PlanOptions): Partial<MatchCondition>[] {
  return planOf(identifier, options)
    .conditions.filter((condition) => condition.kind !== 'universal')
    .map(({ path: _path, ...rest }) => rest);
}

const sps = (item: NaturalizedDataset) => ({ ScheduledProcedureStepSequence: [item] });

function failure(result: PlanResult): { reason: string; offendingElements: string[]; status: number } {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('planQuery: DA and TM keys', () => {
  it.each<[string, string, Partial<MatchCondition>]>([
    ['a single date', '19800115', { kind: 'single', value: '19800115' }],
    ['a closed range', '19800101-19801231', { kind: 'range', vr: 'DA', from: '19800101', to: '19801231' }],
    ['a range open below', '-19801231', { kind: 'range', vr: 'DA', to: '19801231' }],
    ['a range open above', '19800101-', { kind: 'range', vr: 'DA', from: '19800101' }],
  ])('matches a birth date as %s', (_label, value, expected) => {
    expect(conditionsOf({ PatientBirthDate: value })).toEqual([
      {
        column: 'patient_birth_date',
        excludeEmpty: true,
        ...(expected.kind === 'single' ? { caseInsensitive: false } : {}),
        ...expected,
      },
    ]);
  });

  it.each([
    ['a dashed ISO date', '2026-03-10'],
    ['an impossible date', '20260230'],
    ['a range ending before it starts', '20260312-20260310'],
    ['a lone dash', '-'],
  ])('refuses %s with 0xA900 (Identifier does not match SOP class)', (_label, value) => {
    expect(failure(planQuery(sps({ ScheduledProcedureStepStartDate: value })))).toMatchObject({
      status: 0xa900,
      offendingElements: ['00400002'],
    });
  });

  it.each<[string, NaturalizedDataset, Partial<MatchCondition>]>([
    [
      'a date alone',
      { ScheduledProcedureStepStartDate: '20260310' },
      { kind: 'single', column: 'sps_start_date', value: '20260310' },
    ],
    [
      'a date range alone',
      { ScheduledProcedureStepStartDate: '20260310-20260312' },
      { kind: 'range', column: 'sps_start_date', from: '20260310', to: '20260312' },
    ],
    [
      'a time range alone as a window within any day',
      { ScheduledProcedureStepStartTime: '0900-1200' },
      { kind: 'range', column: 'sps_start_time', vr: 'TM', from: '090000', to: '120059' },
    ],
    [
      'hour-precision times to the end of the hour',
      { ScheduledProcedureStepStartTime: '09-12' },
      { kind: 'range', from: '090000', to: '125959' },
    ],
    [
      'a single minute-precision time as that minute',
      { ScheduledProcedureStepStartTime: '0930' },
      { kind: 'range', from: '093000', to: '093059' },
    ],
    [
      'a time with a fraction to the whole second',
      { ScheduledProcedureStepStartTime: '093000.123-' },
      { kind: 'range', from: '093000' },
    ],
    [
      'date 20260310 and time 0900-1200 as one period',
      { ScheduledProcedureStepStartDate: '20260310', ScheduledProcedureStepStartTime: '0900-1200' },
      {
        kind: 'datetime-range',
        from: { date: '20260310', time: '090000' },
        to: { date: '20260310', time: '120059' },
      },
    ],
    [
      'dates 10–12 March and times 0900-1700 as one period, not a daily window',
      { ScheduledProcedureStepStartDate: '20260310-20260312', ScheduledProcedureStepStartTime: '0900-1700' },
      {
        kind: 'datetime-range',
        from: { date: '20260310', time: '090000' },
        to: { date: '20260312', time: '170059' },
      },
    ],
    [
      'an overnight period across two dates',
      { ScheduledProcedureStepStartDate: '20260310-20260311', ScheduledProcedureStepStartTime: '2200-0600' },
      {
        kind: 'datetime-range',
        from: { date: '20260310', time: '220000' },
        to: { date: '20260311', time: '060059' },
      },
    ],
    [
      'open ranges of date and time',
      { ScheduledProcedureStepStartDate: '20260310-', ScheduledProcedureStepStartTime: '0900-' },
      { kind: 'datetime-range', from: { date: '20260310', time: '090000' } },
    ],
    [
      'a date range with a time open below',
      { ScheduledProcedureStepStartDate: '20260310-20260312', ScheduledProcedureStepStartTime: '-1200' },
      {
        kind: 'datetime-range',
        from: { date: '20260310', time: '000000' },
        to: { date: '20260312', time: '120059' },
      },
    ],
  ])('plans the SPS start for %s', (_label, item, expected) => {
    expect(conditionsOf(sps(item))).toEqual([expect.objectContaining({ ...expected, excludeEmpty: true })]);
  });

  it.each([
    ['a time range crossing midnight alone', { ScheduledProcedureStepStartTime: '2200-0600' }],
    [
      'a one-day period ending before it starts',
      { ScheduledProcedureStepStartDate: '20260311', ScheduledProcedureStepStartTime: '2200-0600' },
    ],
    ['an invalid time', { ScheduledProcedureStepStartTime: '2500' }],
  ])('refuses %s with 0xA900', (_label, item) => {
    expect(failure(planQuery(sps(item))).status).toBe(0xa900);
  });

  it('converts the period to instants when the query carries Timezone Offset From UTC', () => {
    const identifier = {
      TimezoneOffsetFromUTC: '+0100',
      ...sps({ ScheduledProcedureStepStartDate: '20260310', ScheduledProcedureStepStartTime: '0900-1200' }),
    };
    expect(conditionsOf(identifier)).toEqual([
      {
        kind: 'instant-range',
        column: 'sps_start_at',
        from: '2026-03-10T08:00:00.000Z',
        to: '2026-03-10T11:00:59.999Z',
        excludeEmpty: true,
      },
    ]);
  });

  it.each([
    ['a time-only key', '+0100', { ScheduledProcedureStepStartTime: '0900-1200' }],
    ['an invalid offset', 'UTC', { ScheduledProcedureStepStartDate: '20260310' }],
  ])('keeps local time and warns when the offset cannot apply to %s', (_label, offset, item) => {
    const result = planQuery({ TimezoneOffsetFromUTC: offset, ...sps(item) });
    expect(result.ok && result.warnings).toEqual([
      { code: 'timezone-offset-not-applied', keyword: 'TimezoneOffsetFromUTC' },
    ]);
  });

  it('records the combined condition under the SPS date and time path', () => {
    const plan = planOf(
      sps({ ScheduledProcedureStepStartDate: '20260310', ScheduledProcedureStepStartTime: '09' }),
    );
    expect(plan.conditions[0]?.path).toBe(
      'ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate+ScheduledProcedureStepStartTime',
    );
  });
});
