import type { MwlAttribute } from './mwl-attributes.ts';
import type { WorklistColumn } from './worklist-row.ts';

/** C-FIND statuses of the Basic Worklist Management Service (PS3.4 Table K.4-1). */
export const CFIND_STATUS = {
  success: 0x0000,
  cancel: 0xfe00,
  pending: 0xff00,
  /** Pending: one or more Optional Keys were not supported for existence. */
  pendingWarning: 0xff01,
  outOfResources: 0xa700,
  identifierDoesNotMatchSopClass: 0xa900,
  /** First of the implementation-assigned 0xC000–0xCFFF "Unable to process" range. */
  unableToProcess: 0xc000,
} as const;

interface ConditionBase {
  /** Keyword path from the top level, joined by `.`, e.g. `ScheduledProcedureStepSequence.Modality`. */
  path: string;
}

/** A local wall-clock moment: DA `YYYYMMDD` and TM `HHMMSS`, as stored. */
export interface LocalDateTime {
  date: string;
  time: string;
}

/**
 * One matching condition, pure data; values are raw (not escaped for SQL). Every non-universal
 * condition has `excludeEmpty: true`: a zero-length (or NULL) stored value never matches it
 * (PS3.4 K.2.2.1.1.1), so the SQL builder adds `col IS NOT NULL AND col <> ''`.
 */
export type MatchCondition =
  /** Zero-length key or a lone `*` (C.2.2.2.3, C.2.2.2.4 Note): matches everything, emits no SQL. */
  | (ConditionBase & { kind: 'universal'; column: WorklistColumn; excludeEmpty: false })
  /** Exact value (C.2.2.2.1); `caseInsensitive` only for PN when the option is on. */
  | (ConditionBase & {
      kind: 'single';
      column: WorklistColumn;
      value: string;
      caseInsensitive: boolean;
      excludeEmpty: true;
    })
  /** DICOM pattern (C.2.2.2.4): `*` any sequence (also empty), `?` any one character. */
  | (ConditionBase & {
      kind: 'wildcard';
      column: WorklistColumn;
      pattern: string;
      caseInsensitive: boolean;
      excludeEmpty: true;
    })
  /** Any of the values (List of UID Matching, C.2.2.2.2; SPS status list is an extension). */
  | (ConditionBase & { kind: 'list'; column: WorklistColumn; values: string[]; excludeEmpty: true })
  /**
   * Inclusive range on a DA (`YYYYMMDD`) or TM (`HHMMSS`) column, canonical bounds, either open
   * (C.2.2.2.5.1/.2). Lexicographic comparison of the stored strings is correct.
   */
  | (ConditionBase & {
      kind: 'range';
      column: WorklistColumn;
      vr: 'DA' | 'TM';
      from?: string;
      to?: string;
      excludeEmpty: true;
    })
  /**
   * SPS start date and time combined into one period (K.6-1, C.2.2.2.5.4), inclusive, either end
   * open: `(sps_start_date, sps_start_time) >= (from.date, from.time)` and `<= (to.date, to.time)`.
   */
  | (ConditionBase & {
      kind: 'datetime-range';
      dateColumn: 'sps_start_date';
      timeColumn: 'sps_start_time';
      from?: LocalDateTime;
      to?: LocalDateTime;
      excludeEmpty: true;
    })
  /**
   * The same period when the query carried Timezone Offset From UTC (C.2.2.2.5.2): ISO-8601 UTC
   * instants, inclusive, compared with `sps_start_at`.
   */
  | (ConditionBase & {
      kind: 'instant-range';
      column: 'sps_start_at';
      from?: string;
      to?: string;
      excludeEmpty: true;
    });

export type MatchConditionKind = MatchCondition['kind'];

/**
 * Which SPS statuses are answered, matched against the effective status (`effectiveSpsStatus`:
 * a row with `cancelled_at` is CANCELED).
 */
export type StatusVisibility =
  /**
   * No SPS Status value in the query: hide these statuses, and cancelled rows (`cancelled_at`) when
   * CANCELED is among them.
   */
  | { kind: 'default'; hiddenStatuses: readonly string[]; excludeCancelled: boolean }
  /** The query named statuses: exactly those. */
  | { kind: 'explicit'; statuses: readonly string[] };

/** One requested attribute, to build the response with. */
export interface ReturnKey {
  keyword: string;
  /** The table's entry; undefined for a key the table does not know (answered from `extra` or empty). */
  attribute: MwlAttribute | undefined;
  /** True for a sequence (known or recognised by its value). */
  sequence: boolean;
  /** For sequences: the requested item keys; all of the table's items for an empty sequence or item. */
  items: ReturnKey[];
}

export interface MatchPlan {
  conditions: MatchCondition[];
  visibility: StatusVisibility;
  /** Top-level return keys, in request order. SpecificCharacterSet is always answered besides. */
  returnKeys: ReturnKey[];
}

export type PlanWarningCode =
  /** A value was sent in a key we do not match on: ignored for matching, answered (0xFF01). */
  | 'matching-not-supported'
  /** A key the table does not know, with a value: ignored for matching, answered (0xFF01). */
  | 'unknown-key'
  /** Query/Retrieve Level is not part of the worklist model: ignored, not answered (0xFF01). */
  | 'query-retrieve-level-ignored'
  /** `*`/`?` in a single-value-only key: matched literally (Table K.6-1). */
  | 'wildcard-in-single-value-key'
  /** An SPS Status value outside PS3.3 C.4.10's defined terms (matches nothing we store). */
  | 'unknown-sps-status'
  /** Timezone Offset From UTC could not be applied (time-only key, or an invalid offset). */
  | 'timezone-offset-not-applied'
  /** A compatibility coercion configured for the calling AE changed the query. */
  | 'coercion-applied';

/** Warnings name keys, never values (values may be patient data). */
export interface PlanWarning {
  code: PlanWarningCode;
  keyword: string;
}

export type PlanResult =
  | {
      ok: true;
      plan: MatchPlan;
      status: typeof CFIND_STATUS.pending | typeof CFIND_STATUS.pendingWarning;
      warnings: PlanWarning[];
    }
  | {
      ok: false;
      status: typeof CFIND_STATUS.identifierDoesNotMatchSopClass;
      /** For Error Comment (0000,0902): names the problem, never a value. */
      reason: string;
      /** Tags (`ggggeeee`) for Offending Element (0000,0901). */
      offendingElements: string[];
    };

/** Compatibility coercions for sloppy SCUs, per calling AE, all off by default; each is warned. */
export interface QueryCoercions {
  /** SPS item attributes sent at the top level are matched as if inside the SPS item. */
  spsKeysAtTopLevel?: boolean;
  /** When the query does not restrict Scheduled Station AE Title, restrict it to this one. */
  stationAeTitle?: string;
  /** A value in Pregnancy Status (some SCUs send 0) is taken as a return key, without 0xFF01. */
  pregnancyStatusAsReturnKey?: boolean;
}

export interface PlanOptions {
  /** PN single value and wild card matching ignore case (default true; C.2.2.2.1 allows it). */
  pnCaseInsensitive?: boolean;
  /** Extension, off by default: `*`/`?` in Patient ID, Station AE Title, Modality act as wild cards. */
  wildcardInSingleValueKeys?: boolean;
  coercions?: QueryCoercions;
  /**
   * Statuses a query that names no SPS Status does not see (config `gateway.hide_statuses`;
   * default HIDDEN_BY_DEFAULT_STATUSES: COMPLETED, DISCONTINUED, CANCELED). STARTED stays visible
   * by default: a scanner that restarts mid-exam must still find its step.
   */
  hiddenStatuses?: readonly string[];
}
