import { z } from 'zod';
import {
  KNOWN_TARGET_NAMES,
  REQUIRED_TARGETS,
  SIZE_UNITS,
  targetInfo,
  WEIGHT_UNITS,
  type TargetKind,
} from './targets.ts';

/**
 * The declarative value spec: how one worklist field gets its value from a source row.
 *
 * - `"field_name"` or `{ field }` — the field's value (trimmed);
 * - `{ template: "{study_id}^{family_id}", parts? }` — placeholders are fields, or `parts` specs;
 *   `{{` and `}}` are literal braces;
 * - `{ constant: "MR" }`;
 * - with `field`/`template`: `regex` (+ `group`, number or name; default 1 when the regex has a
 *   group, else the whole match) extracts; `map` translates (exact, then case-insensitive),
 *   `by: "label"` maps the source's choice label instead of its raw code; `default` stands in
 *   when there is no value (empty, or not in `map`); `format` (luxon tokens, one or a list) parses
 *   dates; `unit` converts weights (kg, g, lb) and sizes (m, cm, in);
 * - `on_invalid`: `omit` (default for optional fields: leave it empty, with a warning) or `reject`.
 */
export interface ValueSpec {
  field?: string;
  template?: string;
  parts?: Record<string, ValueSpec>;
  constant?: string;
  regex?: string;
  group?: number | string;
  map?: Record<string, string>;
  by?: 'value' | 'label';
  default?: string;
  format?: string | string[];
  unit?: string;
  on_invalid?: 'reject' | 'omit';
}

const baseSpecObject = z.strictObject({
  field: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  parts: z.record(z.string(), z.unknown()).optional(),
  constant: z.union([z.string(), z.number()]).transform(String).optional(),
  regex: z.string().min(1).optional(),
  group: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
  map: z.record(z.string(), z.string()).optional(),
  by: z.enum(['value', 'label']).optional(),
  default: z.string().optional(),
  format: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  unit: z.string().min(1).optional(),
  on_invalid: z.enum(['reject', 'omit']).optional(),
});

function checkSpec(spec: z.output<typeof baseSpecObject>, ctx: z.RefinementCtx, nested: boolean): void {
  const issue = (message: string, key?: string) =>
    ctx.addIssue({ code: 'custom', message, ...(key ? { path: [key] } : {}) });
  const sources = (['field', 'template', 'constant'] as const).filter((key) => spec[key] !== undefined);
  if (sources.length !== 1) {
    issue('needs exactly one of "field", "template" or "constant"');
    return;
  }
  if (nested && spec.field === undefined) issue('a template part must name a "field"');
  if (spec.constant !== undefined) {
    for (const key of ['regex', 'group', 'map', 'by', 'default', 'parts'] as const) {
      if (spec[key] !== undefined) issue(`"${key}" does not apply to a constant`, key);
    }
  }
  if (spec.parts !== undefined && spec.template === undefined) issue('"parts" needs a "template"', 'parts');
  if (spec.by !== undefined && spec.map === undefined) issue('"by" needs a "map"', 'by');
  if (spec.by === 'label' && spec.field === undefined) issue('"by": "label" needs a "field"', 'by');
  if (spec.group !== undefined && spec.regex === undefined) issue('"group" needs a "regex"', 'group');
  if (spec.regex !== undefined) {
    try {
      new RegExp(spec.regex, 'u');
    } catch {
      issue('is not a valid regular expression', 'regex');
    }
  }
  if (spec.template !== undefined) {
    const problem = templateProblem(spec.template);
    if (problem) issue(problem, 'template');
  }
}

/** Why `template` is malformed (unbalanced or empty braces), or undefined. */
export function templateProblem(template: string): string | undefined {
  const stripped = template.replace(/\{\{|\}\}/g, '');
  const placeholders = stripped.match(/\{[^{}]*\}/g) ?? [];
  if (placeholders.some((p) => !/^\{[A-Za-z0-9_]+\}$/.test(p))) {
    return 'placeholders must be {field_name} (letters, digits, _)';
  }
  if (/[{}]/.test(stripped.replace(/\{[A-Za-z0-9_]+\}/g, ''))) return 'has an unbalanced "{" or "}"';
  if (placeholders.length === 0) return 'has no {placeholder}: use "constant" for fixed text';
  return undefined;
}

const shorthand = (value: unknown) => (typeof value === 'string' ? { field: value } : value);

const partSpecSchema = z.preprocess(
  shorthand,
  baseSpecObject.superRefine((spec, ctx) => checkSpec(spec, ctx, true)),
);

/** One value spec (string shorthand = `{ field }`). */
export const valueSpecSchema = z.preprocess(
  shorthand,
  baseSpecObject
    .extend({ parts: z.record(z.string(), partSpecSchema).optional() })
    .superRefine((spec, ctx) => checkSpec(spec, ctx, false)),
) as unknown as z.ZodType<ValueSpec>;

export type FieldMapping = Record<string, ValueSpec>;

const OPTIONS_BY_KIND: Partial<Record<TargetKind, readonly string[]>> = {
  date: ['format'],
  weight: ['unit'],
  size: ['unit'],
};

function checkTargetOptions(target: string, kind: TargetKind, spec: ValueSpec, ctx: z.RefinementCtx) {
  const allowed = OPTIONS_BY_KIND[kind] ?? [];
  for (const option of ['format', 'unit'] as const) {
    if (spec[option] !== undefined && !allowed.includes(option)) {
      ctx.addIssue({ code: 'custom', path: [target, option], message: `does not apply to ${target}` });
    }
  }
  const units = kind === 'weight' ? WEIGHT_UNITS : kind === 'size' ? SIZE_UNITS : undefined;
  if (units && spec.unit !== undefined && !Object.hasOwn(units, spec.unit)) {
    ctx.addIssue({
      code: 'custom',
      path: [target, 'unit'],
      message: `must be one of ${Object.keys(units).join(', ')}`,
    });
  }
}

/** `field_mapping`: worklist field → value spec; the required fields must be there. */
export const fieldMappingSchema: z.ZodType<FieldMapping> = z
  .record(z.string(), valueSpecSchema)
  .superRefine((mapping, ctx) => {
    for (const [target, spec] of Object.entries(mapping)) {
      const info = targetInfo(target);
      if (!info) {
        ctx.addIssue({
          code: 'custom',
          path: [target],
          message: `is not a worklist field; known: ${KNOWN_TARGET_NAMES.join(', ')}`,
        });
        continue;
      }
      checkTargetOptions(target, info.kind, spec, ctx);
    }
    const missing = REQUIRED_TARGETS.filter((target) => mapping[target] === undefined);
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must map ${missing.join(', ')}` });
    }
    const protocolParts = ['value', 'scheme', 'meaning'].filter((p) => mapping[`protocolCode.${p}`]);
    if (protocolParts.length > 0 && protocolParts.length < 3) {
      ctx.addIssue({
        code: 'custom',
        message: 'protocolCode needs all of protocolCode.value, protocolCode.scheme and protocolCode.meaning',
      });
    }
  });

/** The source fields a spec reads (template placeholders without a part are fields too). */
export function specFields(spec: ValueSpec): string[] {
  if (spec.field !== undefined) return [spec.field];
  if (spec.template === undefined) return [];
  const fields: string[] = [];
  for (const name of templatePlaceholders(spec.template)) {
    const part = spec.parts?.[name];
    fields.push(...(part ? specFields(part) : [name]));
  }
  return fields;
}

export function templatePlaceholders(template: string): string[] {
  const names = template.replace(/\{\{|\}\}/g, '').match(/\{([A-Za-z0-9_]+)\}/g) ?? [];
  return names.map((p) => p.slice(1, -1));
}
