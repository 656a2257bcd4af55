import { isValidUid } from '../dicom/uid.ts';
import { isSpsStatus } from '../sps-status.ts';
import { dateCondition, parseDateKey, parseTimeKey, parseUtcOffset } from './date-time-keys.ts';
import type { DateKey, TimeKey } from './date-time-keys.ts';
import { readValues } from './identifier-values.ts';
import type { MwlAttribute } from './mwl-attributes.ts';
import type { MatchCondition, PlanWarning, PlanWarningCode, QueryCoercions } from './plan-types.ts';
import { hasWildcard } from './wildcard.ts';

/** Planning of one non-sequence key, and the state a plan accumulates. */

export type Failure = { failure: string; tags: string[] };

export interface Context {
  pnCaseInsensitive: boolean;
  wildcardInSingleValueKeys: boolean;
  coercions: QueryCoercions;
  conditions: MatchCondition[];
  warnings: PlanWarning[];
  statuses?: string[];
  date?: DateKey;
  time?: TimeKey;
  offsetMinutes?: number;
  pendingWarning: boolean;
  /** Statuses hidden from a query that names none (`gateway.hide_statuses`). */
  hiddenStatuses: readonly string[];
}

export function warn(ctx: Context, code: PlanWarningCode, keyword: string, pending = false): void {
  ctx.warnings.push({ code, keyword });
  if (pending) ctx.pendingWarning = true;
}

export function isLoneStar(values: readonly string[]): boolean {
  return values.length === 1 && /^\*+$/.test(values[0] ?? '');
}

/** Trailing empty components and groups of a PN are insignificant (PS3.5 6.2.1). */
function normalizePersonNameKey(value: string): string {
  const groups = value.split('=').map((group) => group.replace(/\^+$/, ''));
  while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

function planStatus(values: string[], ctx: Context): void {
  if (values.length === 0 || isLoneStar(values)) return;
  if (values.some(hasWildcard)) warn(ctx, 'wildcard-in-single-value-key', 'ScheduledProcedureStepStatus');
  if (!values.every(isSpsStatus)) warn(ctx, 'unknown-sps-status', 'ScheduledProcedureStepStatus');
  ctx.statuses = [...new Set(values)];
}

/** Plans one non-sequence key; returns a failure for a malformed value. */
export function planKey(
  attribute: MwlAttribute,
  raw: unknown,
  path: string,
  ctx: Context,
): Failure | undefined {
  const values = readValues(raw, attribute.vr);
  const fail = (failure: string): Failure => ({ failure, tags: [attribute.tag] });
  switch (attribute.keyword) {
    case 'TimezoneOffsetFromUTC': {
      if (values.length === 0) return undefined;
      ctx.offsetMinutes = parseUtcOffset(values[0] ?? '');
      if (ctx.offsetMinutes === undefined) warn(ctx, 'timezone-offset-not-applied', attribute.keyword);
      return undefined;
    }
    case 'ScheduledProcedureStepStartDate': {
      const key = parseDateKey(values);
      if (key.kind === 'invalid') return fail(`${attribute.keyword}: ${key.reason}`);
      ctx.date = key;
      return undefined;
    }
    case 'ScheduledProcedureStepStartTime': {
      const key = parseTimeKey(values);
      if (key.kind === 'invalid') return fail(`${attribute.keyword}: ${key.reason}`);
      ctx.time = key;
      return undefined;
    }
    case 'ScheduledProcedureStepStatus':
      planStatus(values, ctx);
      return undefined;
  }
  const column = attribute.column;
  if (values.length === 0 || isLoneStar(values)) {
    if (column && attribute.matching.length > 0) {
      ctx.conditions.push({ kind: 'universal', column, path, excludeEmpty: false });
    }
    return undefined;
  }
  if (!column || attribute.matching.length === 0) {
    if (attribute.keyword === 'PregnancyStatus' && ctx.coercions.pregnancyStatusAsReturnKey) {
      warn(ctx, 'coercion-applied', attribute.keyword);
    } else {
      warn(ctx, 'matching-not-supported', attribute.keyword, true);
    }
    return undefined;
  }
  if (attribute.vr === 'DA') {
    const key = parseDateKey(values);
    if (key.kind === 'invalid') return fail(`${attribute.keyword}: ${key.reason}`);
    ctx.conditions.push(dateCondition(column, path, key));
    return undefined;
  }
  if (attribute.vr === 'UI' && !values.every(isValidUid)) return fail(`${attribute.keyword}: not a UID`);
  if (values.length > 1) {
    if (!attribute.matching.includes('list')) return fail(`${attribute.keyword}: multiple values`);
    ctx.conditions.push({ kind: 'list', column, path, values: [...new Set(values)], excludeEmpty: true });
    return undefined;
  }
  const isPn = attribute.vr === 'PN';
  const caseInsensitive = isPn && ctx.pnCaseInsensitive;
  const [value = ''] = values;
  if (hasWildcard(value) && attribute.vr !== 'UI') {
    if (attribute.matching.includes('wildcard') || ctx.wildcardInSingleValueKeys) {
      ctx.conditions.push({
        kind: 'wildcard',
        column,
        path,
        pattern: value,
        caseInsensitive,
        excludeEmpty: true,
      });
      return undefined;
    }
    warn(ctx, 'wildcard-in-single-value-key', attribute.keyword);
  }
  const single = isPn ? normalizePersonNameKey(value) : value;
  ctx.conditions.push({ kind: 'single', column, path, value: single, caseInsensitive, excludeEmpty: true });
  return undefined;
}
