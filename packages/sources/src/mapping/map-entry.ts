import { validateEntry, type EntryProblem, type WorklistEntry } from '@mwl/domain';
import type { EntryWarning, Rejection, RejectionCode } from '../rejection.ts';
import { convertForTarget } from './convert.ts';
import { resolveText, type SourceRow, type ValueContext } from './resolve-value.ts';
import { resolveSchedule, type ScheduleCache, type ScheduleSpec } from './schedule.ts';
import type { FieldMapping, ValueSpec } from './spec-schema.ts';
import { targetInfo, type TargetInfo } from './targets.ts';

/** Everything needed to turn a source row into a worklist entry. */
export interface EntryMapping {
  fields: FieldMapping;
  schedule: ScheduleSpec;
}

export interface MapRowInput {
  row: SourceRow;
  sourceKey: string;
  rawRef: string;
}

export interface MapContext {
  /** The configured source name. */
  source: string;
  /** IANA timezone the row's wall-clock times are in. */
  timezone: string;
  labelOf?: ValueContext['labelOf'];
  /** Memo of scheduled starts (`createScheduleCache()`), kept by the caller across rows. */
  scheduleCache?: ScheduleCache;
}

export interface MapFailure {
  ok: false;
  rejection: Rejection;
  warnings: EntryWarning[];
  /** The row's scheduled start when it resolved (to place the rejection in a window). */
  spsStartAt?: string;
}

export type MapResult = { ok: true; entry: WorklistEntry; warnings: EntryWarning[] } | MapFailure;

interface Failure {
  code: RejectionCode;
  field: string;
  message: string;
}

type Candidate = Record<string, unknown> & {
  extra: Record<string, string>;
  protocolCode?: Record<string, string>;
};

/**
 * Maps one row: resolves the schedule and every mapped field, converts each value to its canonical
 * form and validates the candidate with the domain schema. A required field that is missing or
 * invalid rejects the row; an optional one is left out with a warning (unless its spec says
 * `on_invalid: "reject"`). Year-only birth dates are such an omission: PatientBirthDate is type 2.
 */
export function mapRow(mapping: EntryMapping, input: MapRowInput, context: MapContext): MapResult {
  const valueContext: ValueContext = { row: input.row, labelOf: context.labelOf };
  const warnings: EntryWarning[] = [];
  const failures: Failure[] = [];
  const warn = (code: EntryWarning['code'], field: string, message: string) =>
    warnings.push({ sourceKey: input.sourceKey, code, field, message, rawRef: input.rawRef });

  const schedule = resolveSchedule(mapping.schedule, valueContext, context.timezone, context.scheduleCache);
  if (!schedule.ok) failures.push({ code: schedule.code, field: schedule.field, message: schedule.message });
  else if (schedule.adjustment === 'nonexistent-shifted-forward') {
    warn(
      'MWL_WARN_DST_NONEXISTENT_TIME',
      'spsStartTime',
      'the local time does not exist (DST); moved forward',
    );
  } else if (schedule.adjustment === 'ambiguous-took-earlier') {
    warn(
      'MWL_WARN_DST_AMBIGUOUS_TIME',
      'spsStartTime',
      'the local time occurs twice (DST); took the earlier',
    );
  }

  const candidate: Candidate = { source: context.source, sourceKey: input.sourceKey, extra: {} };
  for (const [target, spec] of Object.entries(mapping.fields)) {
    const info = targetInfo(target);
    if (!info) continue; // the schema rejects unknown targets
    const invalid = (reason: string, partial = false) => {
      const message = `${target} ${describe(spec)} ${reason}`;
      if (rejects(info, spec)) {
        failures.push({
          code: info.kind === 'date' ? 'MWL_REJECT_INVALID_DATE' : 'MWL_REJECT_INVALID_VALUE',
          field: target,
          message,
        });
      } else
        warn(partial ? 'MWL_WARN_PARTIAL_DATE' : 'MWL_WARN_VALUE_OMITTED', target, `${message}; left empty`);
    };
    const text = resolveText(spec, valueContext);
    if (text.kind === 'missing') {
      if (info.required) {
        failures.push({
          code: 'MWL_REJECT_MISSING_FIELD',
          field: target,
          message: `${target} ${describe(spec)} is empty`,
        });
      }
      continue;
    }
    if (text.kind === 'invalid') {
      invalid(text.reason);
      continue;
    }
    const converted = convertForTarget(info.kind, text.value, spec);
    if (converted.kind === 'invalid') invalid(converted.reason, converted.partial);
    else assign(candidate, target, converted.value);
  }

  if (failures.length > 0 || !schedule.ok) {
    const rejected = reject(input, failures, warnings);
    return schedule.ok ? { ...rejected, spsStartAt: schedule.spsStartAt } : rejected;
  }
  const { ok: _ok, adjustment: _adjustment, ...start } = schedule;
  Object.assign(candidate, start);
  return validateCandidate(mapping, input, candidate, warnings);
}

function validateCandidate(
  mapping: EntryMapping,
  input: MapRowInput,
  candidate: Candidate,
  warnings: EntryWarning[],
): MapResult {
  for (let round = 0; round < 2; round++) {
    const result = validateEntry(candidate);
    if (result.ok) return { ok: true, entry: result.entry, warnings };
    const fatal: EntryProblem[] = [];
    for (const problem of result.problems) {
      const target = targetOfPath(problem.path);
      const spec = target ? mapping.fields[target] : undefined;
      const info = target ? targetInfo(target) : undefined;
      if (!target || !spec || !info || rejects(info, spec) || round > 0) {
        fatal.push(problem);
        continue;
      }
      drop(candidate, target);
      warnings.push({
        sourceKey: input.sourceKey,
        code: 'MWL_WARN_VALUE_OMITTED',
        field: target,
        message: `${problem.path} ${problem.message}; left empty`,
        rawRef: input.rawRef,
      });
    }
    if (fatal.length > 0) {
      const failures = fatal.map((problem) => ({
        code: 'MWL_REJECT_INVALID_VALUE' as const,
        field: problem.path,
        message: `${problem.path} ${problem.message}`,
      }));
      return { ...reject(input, failures, warnings), spsStartAt: String(candidate.spsStartAt) };
    }
  }
  // Unreachable in practice: the second round either validates or reports fatal problems.
  return reject(
    input,
    [{ code: 'MWL_REJECT_INVALID_VALUE', field: '(entry)', message: 'entry is invalid' }],
    warnings,
  );
}

function reject(input: MapRowInput, failures: Failure[], warnings: EntryWarning[]): MapFailure {
  const first = failures[0] ?? {
    code: 'MWL_REJECT_INVALID_VALUE',
    field: '(entry)',
    message: 'entry is invalid',
  };
  return {
    ok: false,
    warnings,
    rejection: {
      sourceKey: input.sourceKey,
      reasonCode: first.code,
      message: failures.map((f) => f.message).join('; '),
      fields: [...new Set(failures.map((f) => f.field))],
      rawRef: input.rawRef,
    },
  };
}

function rejects(info: TargetInfo, spec: ValueSpec): boolean {
  return info.required || spec.on_invalid === 'reject';
}

function assign(candidate: Candidate, target: string, value: string | number): void {
  if (target.startsWith('extra.')) candidate.extra[target.slice('extra.'.length)] = String(value);
  else if (target.startsWith('protocolCode.')) {
    candidate.protocolCode ??= {};
    candidate.protocolCode[target.slice('protocolCode.'.length)] = String(value);
  } else candidate[target] = value;
}

function drop(candidate: Candidate, target: string): void {
  if (target.startsWith('extra.')) delete candidate.extra[target.slice('extra.'.length)];
  else if (target.startsWith('protocolCode.')) delete candidate.protocolCode;
  else delete candidate[target];
}

/** The mapping target a schema problem path belongs to (`protocolCode.value`, `extra.X`, `patientId`). */
function targetOfPath(path: string): string | undefined {
  const [head, second] = path.split('.');
  if (head === 'extra' || head === 'protocolCode') return second ? `${head}.${second}` : undefined;
  return head && targetInfo(head) ? head : undefined;
}

function describe(spec: ValueSpec): string {
  if (spec.field !== undefined) return `(field "${spec.field}")`;
  if (spec.template !== undefined) return '(template)';
  return '(constant)';
}
