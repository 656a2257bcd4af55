import { HIDDEN_BY_DEFAULT_STATUSES } from '../sps-status.ts';
import { planScheduledStart } from './date-time-keys.ts';
import {
  attributeKeys,
  isTagKey,
  looksLikeSequence,
  readItems,
  readValues,
  type NaturalizedDataset,
} from './identifier-values.ts';
import { MWL_ATTRIBUTES, SPS_ITEM_ATTRIBUTES, findAttribute, type MwlAttribute } from './mwl-attributes.ts';
import { planKey, warn, type Context, type Failure } from './plan-key.ts';
import {
  CFIND_STATUS,
  type PlanOptions,
  type PlanResult,
  type ReturnKey,
  type StatusVisibility,
} from './plan-types.ts';

/**
 * Translates a Modality Worklist C-FIND identifier into a `MatchPlan` (PS3.4 K.2.2, K.6.1.2.2,
 * C.2.2.2): pure data that the gateway turns into parameterized SQL and the response builder
 * uses to answer exactly the requested keys.
 */

const SPS_SEQUENCE = 'ScheduledProcedureStepSequence';
const START_DATE_TAG = '00400002';
const START_TIME_TAG = '00400003';

/** Every attribute of a sequence's items: what an empty sequence or empty item asks for. */
function entireItem(attributes: readonly MwlAttribute[]): ReturnKey[] {
  return attributes.map((attribute) => ({
    keyword: attribute.keyword,
    attribute,
    sequence: attribute.vr === 'SQ',
    items: entireItem(attribute.items),
  }));
}

function hasAnyValue(raw: unknown): boolean {
  if (looksLikeSequence(raw)) {
    const items = readItems(raw) ?? [];
    return items.some((item) => attributeKeys(item).some((key) => hasAnyValue(item[key])));
  }
  return readValues(raw, 'LO').length > 0;
}

function planUnknown(keyword: string, raw: unknown, ctx: Context): ReturnKey | undefined {
  if (hasAnyValue(raw)) warn(ctx, 'unknown-key', keyword, true);
  if (isTagKey(keyword)) return undefined;
  const sequence = looksLikeSequence(raw) || (Array.isArray(raw) && raw.length === 0);
  return { keyword, attribute: undefined, sequence, items: [] };
}

/** C.2.2.2.6: a sequence key holds one item; an empty one asks for the entire sequence. */
function planSequence(
  attribute: MwlAttribute,
  raw: unknown,
  path: string[],
  ctx: Context,
): ReturnKey | Failure {
  const items = readItems(raw);
  if (!items) return { failure: `${attribute.keyword}: not a sequence`, tags: [attribute.tag] };
  if (items.length > 1) {
    return {
      failure: `${attribute.keyword}: a sequence key must hold exactly one item`,
      tags: [attribute.tag],
    };
  }
  const [item] = items;
  if (!item || attributeKeys(item).length === 0) {
    return { keyword: attribute.keyword, attribute, sequence: true, items: entireItem(attribute.items) };
  }
  const nested = planLevel(item, attribute.items, [...path, attribute.keyword], ctx);
  if ('failure' in nested) return nested;
  return { keyword: attribute.keyword, attribute, sequence: true, items: nested };
}

function planLevel(
  dataset: NaturalizedDataset,
  attributes: readonly MwlAttribute[],
  path: string[],
  ctx: Context,
): ReturnKey[] | Failure {
  const top = path.length === 0;
  const keys: ReturnKey[] = [];
  for (const keyword of attributeKeys(dataset)) {
    const raw = dataset[keyword];
    if (top && keyword === 'QueryRetrieveLevel') {
      warn(ctx, 'query-retrieve-level-ignored', keyword, true);
      continue;
    }
    if (top && keyword === 'SpecificCharacterSet') continue; // never matched; always answered
    let attribute = findAttribute(keyword, attributes);
    let matchPath = path;
    if (!attribute && top && ctx.coercions.spsKeysAtTopLevel) {
      attribute = findAttribute(keyword, SPS_ITEM_ATTRIBUTES);
      if (attribute) warn(ctx, 'coercion-applied', keyword);
      matchPath = [SPS_SEQUENCE];
    }
    if (!attribute) {
      const unknown = planUnknown(keyword, raw, ctx);
      if (unknown) keys.push(unknown);
      continue;
    }
    if (attribute.vr === 'SQ') {
      const sequence = planSequence(attribute, raw, path, ctx);
      if ('failure' in sequence) return sequence;
      keys.push(sequence);
      continue;
    }
    const failure = planKey(attribute, raw, [...matchPath, keyword].join('.'), ctx);
    if (failure) return failure;
    keys.push({ keyword, attribute, sequence: false, items: [] });
  }
  return keys;
}

function visibility(ctx: Context): StatusVisibility {
  return ctx.statuses
    ? { kind: 'explicit', statuses: ctx.statuses }
    : {
        kind: 'default',
        hiddenStatuses: ctx.hiddenStatuses,
        excludeCancelled: ctx.hiddenStatuses.includes('CANCELED'),
      };
}

function coerceStationAeTitle(ctx: Context): void {
  const aeTitle = ctx.coercions.stationAeTitle;
  if (!aeTitle) return;
  const column = 'scheduled_station_ae_title';
  const restricted = ctx.conditions.some(
    (c) => c.kind !== 'universal' && 'column' in c && c.column === column,
  );
  if (restricted) return;
  ctx.conditions = ctx.conditions.filter((c) => !(c.kind === 'universal' && c.column === column));
  ctx.conditions.push({
    kind: 'single',
    column,
    path: `${SPS_SEQUENCE}.ScheduledStationAETitle`,
    value: aeTitle,
    caseInsensitive: false,
    excludeEmpty: true,
  });
  warn(ctx, 'coercion-applied', 'ScheduledStationAETitle');
}

/** Plans a C-FIND identifier. Never throws for a malformed identifier: it returns 0xA900. */
export function planQuery(identifier: NaturalizedDataset, options: PlanOptions = {}): PlanResult {
  const ctx: Context = {
    pnCaseInsensitive: options.pnCaseInsensitive ?? true,
    wildcardInSingleValueKeys: options.wildcardInSingleValueKeys ?? false,
    coercions: options.coercions ?? {},
    conditions: [],
    warnings: [],
    pendingWarning: false,
    hiddenStatuses: options.hiddenStatuses ?? HIDDEN_BY_DEFAULT_STATUSES,
  };
  const failed = (reason: string, offendingElements: string[]): PlanResult => ({
    ok: false,
    status: CFIND_STATUS.identifierDoesNotMatchSopClass,
    reason,
    offendingElements,
  });
  if (typeof identifier !== 'object' || identifier === null || Array.isArray(identifier)) {
    return failed('the identifier is not a data set', []);
  }
  const returnKeys = planLevel(identifier, MWL_ATTRIBUTES, [], ctx);
  if ('failure' in returnKeys) return failed(returnKeys.failure, returnKeys.tags);
  if (ctx.date || ctx.time) {
    const start = planScheduledStart(ctx.date, ctx.time, ctx.offsetMinutes);
    if (!start.ok) return failed(start.reason, [START_DATE_TAG, START_TIME_TAG]);
    ctx.conditions.push(...start.conditions);
    if (
      ctx.offsetMinutes !== undefined &&
      !start.offsetApplied &&
      ctx.time &&
      ctx.time.kind !== 'universal'
    ) {
      warn(ctx, 'timezone-offset-not-applied', 'TimezoneOffsetFromUTC');
    }
  }
  coerceStationAeTitle(ctx);
  return {
    ok: true,
    plan: { conditions: ctx.conditions, visibility: visibility(ctx), returnKeys },
    status: ctx.pendingWarning ? CFIND_STATUS.pendingWarning : CFIND_STATUS.pending,
    warnings: ctx.warnings,
  };
}
