import { formatDA, SOURCE_STATUSES, toCodeString } from '@mwl/domain';
import { parseLocal } from './date-format.ts';
import type { ValueSpec } from './spec-schema.ts';
import { SIZE_UNITS, WEIGHT_UNITS, type TargetKind } from './targets.ts';

/** Date formats tried when a spec names none: what REDCap's API exports, and DICOM's own DA. */
export const DEFAULT_DATE_FORMATS = ['yyyy-MM-dd', 'yyyyMMdd'] as const;

export type Converted =
  | { kind: 'value'; value: string | number }
  /** `partial`: a date with only a year (or year and month), worth its own warning. */
  | { kind: 'invalid'; reason: string; partial?: boolean };

const invalid = (reason: string, partial = false): Converted => ({ kind: 'invalid', reason, partial });

/** Turns a resolved text into the canonical value of a target of `kind`. */
export function convertForTarget(kind: TargetKind, text: string, spec: ValueSpec): Converted {
  switch (kind) {
    case 'text':
      return { kind: 'value', value: text.trim() };
    case 'code':
      return { kind: 'value', value: toCodeString(text) };
    case 'person-name':
      return convertPersonName(text);
    case 'date':
      return convertDate(text, spec.format);
    case 'sex':
      return convertSex(text);
    case 'weight':
      return convertMeasure(text, WEIGHT_UNITS, spec.unit ?? 'kg', 2);
    case 'size':
      return convertMeasure(text, SIZE_UNITS, spec.unit ?? 'm', 3);
    case 'minutes':
      return /^\d{1,4}$/.test(text.trim())
        ? { kind: 'value', value: Number(text.trim()) }
        : invalid('is not a whole number of minutes');
    case 'status':
      return convertStatus(text);
  }
}

/** Trims each component of each group and drops trailing empty components (`Doe^` → `Doe`). */
function convertPersonName(text: string): Converted {
  const groups = text.split('=').map((group) => {
    const components = group.split('^').map((c) => c.replace(/\s+/g, ' ').trim());
    while (components.length > 0 && components[components.length - 1] === '') components.pop();
    return components.join('^');
  });
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  const name = groups.join('=');
  return name.replace(/[\^=]/g, '') === '' ? invalid('is an empty name') : { kind: 'value', value: name };
}

/** Parses a date with the given luxon formats (first that fits) into DA `YYYYMMDD`. */
export function convertDate(text: string, format: string | readonly string[] | undefined): Converted {
  const value = text.trim();
  const formats =
    format === undefined ? DEFAULT_DATE_FORMATS : typeof format === 'string' ? [format] : format;
  const parsed = parseLocal(value, formats);
  if (parsed) return { kind: 'value', value: formatDA(parsed.year, parsed.month, parsed.day) };
  if (/^\d{4}(?:[-/.]\d{1,2})?$/.test(value)) return invalid('has only a year (or year and month)', true);
  return invalid('is not a date in the configured formats');
}

const SEX_WORDS: Record<string, 'M' | 'F' | 'O'> = {
  M: 'M',
  MALE: 'M',
  F: 'F',
  FEMALE: 'F',
  O: 'O',
  OTHER: 'O',
};

function convertSex(text: string): Converted {
  const sex = SEX_WORDS[text.trim().toUpperCase()];
  return sex
    ? { kind: 'value', value: sex }
    : invalid('is not M, F or O (translate the source codes with "map")');
}

function convertMeasure(
  text: string,
  units: Record<string, number>,
  unit: string,
  decimals: number,
): Converted {
  const value = text.trim().replace(',', '.');
  const factor = units[unit];
  if (!/^\d+(?:\.\d+)?$/.test(value) || factor === undefined) return invalid('is not a number');
  const converted = Number(value) * factor;
  const scale = 10 ** decimals;
  const rounded = Math.round(converted * scale) / scale;
  return rounded > 0 ? { kind: 'value', value: rounded } : invalid('is not a positive number');
}

function convertStatus(text: string): Converted {
  const status = toCodeString(text).replace(/^CANCELLED$/, 'CANCELED');
  return (SOURCE_STATUSES as readonly string[]).includes(status)
    ? { kind: 'value', value: status }
    : invalid(`is not one of ${SOURCE_STATUSES.join(', ')}`);
}
