import type { ValueSpec } from './spec-schema.ts';

/** A source row as text fields (REDCap exports every value as a string). */
export type SourceRow = Readonly<Record<string, string | undefined>>;

export interface ValueContext {
  row: SourceRow;
  /** The label of a coded value (REDCap choices), for `by: "label"` maps. */
  labelOf?: (field: string, code: string) => string | undefined;
}

export type ResolvedText =
  | { kind: 'value'; value: string }
  | { kind: 'missing' }
  /** `reason` names the rule that failed, never the value. */
  | { kind: 'invalid'; reason: string };

const regexCache = new WeakMap<ValueSpec, RegExp>();

function compiled(spec: ValueSpec, source: string): RegExp {
  let regex = regexCache.get(spec);
  if (!regex) {
    regex = new RegExp(source, 'u');
    regexCache.set(spec, regex);
  }
  return regex;
}

/** The text a spec yields for a row, before the target's conversion (date, sex, unit...). */
export function resolveText(spec: ValueSpec, context: ValueContext): ResolvedText {
  if (spec.constant !== undefined) return { kind: 'value', value: spec.constant };
  let raw: string;
  if (spec.template !== undefined) {
    const rendered = renderTemplate(spec, context);
    if (rendered.kind === 'invalid') return rendered;
    raw = rendered.kind === 'value' ? rendered.value : '';
  } else {
    raw = (context.row[spec.field ?? ''] ?? '').trim();
  }
  const fallback = (reason: string): ResolvedText =>
    spec.default !== undefined ? { kind: 'value', value: spec.default } : { kind: 'invalid', reason };
  if (raw === '')
    return spec.default !== undefined ? { kind: 'value', value: spec.default } : { kind: 'missing' };

  if (spec.regex !== undefined) {
    const match = compiled(spec, spec.regex).exec(raw);
    const extracted = match ? pickGroup(match, spec.group) : undefined;
    if (extracted === undefined || extracted.trim() === '') return fallback('did not match "regex"');
    raw = extracted.trim();
  }
  if (spec.map !== undefined) {
    const key =
      spec.by === 'label' && spec.field !== undefined ? (context.labelOf?.(spec.field, raw) ?? raw) : raw;
    const mapped = lookup(spec.map, key);
    if (mapped === undefined) return fallback('value is not in "map"');
    return { kind: 'value', value: mapped };
  }
  return { kind: 'value', value: raw };
}

function pickGroup(match: RegExpExecArray, group: number | string | undefined): string | undefined {
  if (typeof group === 'string') return match.groups?.[group];
  if (typeof group === 'number') return match[group];
  return match.length > 1 ? match[1] : match[0];
}

/** Exact key first, then trimmed and case-insensitive. */
function lookup(map: Record<string, string>, key: string): string | undefined {
  if (Object.hasOwn(map, key)) return map[key];
  const wanted = key.trim().toLowerCase();
  for (const [candidate, value] of Object.entries(map)) {
    if (candidate.trim().toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Fills `{name}` from `parts[name]` or the field `name`. Empty placeholders become empty text; the
 * template has no value when every placeholder is empty.
 */
function renderTemplate(spec: ValueSpec, context: ValueContext): ResolvedText {
  let anyValue = false;
  let failure: ResolvedText | undefined;
  const text = (spec.template ?? '').replace(/\{\{|\}\}|\{([A-Za-z0-9_]+)\}/g, (token, name?: string) => {
    if (name === undefined) return token[0]!;
    const part = spec.parts?.[name];
    const resolved: ResolvedText = part
      ? resolveText(part, context)
      : { kind: 'value', value: (context.row[name] ?? '').trim() };
    if (resolved.kind === 'invalid') {
      failure ??= { kind: 'invalid', reason: `template part "${name}" ${resolved.reason}` };
      return '';
    }
    if (resolved.kind === 'missing' || resolved.value === '') return '';
    anyValue = true;
    return resolved.value;
  });
  if (failure) return failure;
  return anyValue ? { kind: 'value', value: text } : { kind: 'missing' };
}
