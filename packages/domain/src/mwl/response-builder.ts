import { DateTime } from 'luxon';
import { transliterateToLatin1, type ResponseCharacterSet } from './charset.ts';
import type { MwlAttribute } from './mwl-attributes.ts';
import type { ReturnKey } from './plan-types.ts';
import { effectiveSpsStatus, type WorklistRow } from './worklist-row.ts';

/**
 * Builds one C-FIND response identifier from a row: exactly the requested keys (PS3.4 K.2.2.1.2,
 * K.4.1.1.3.2), nested as requested, plus Specific Character Set. Values are the stored canonical
 * ones; an attribute without a value is zero-length (`''`, or `[]` for a sequence).
 */

export type ResponseValue = string | ResponseDataset[];
export type ResponseDataset = { [keyword: string]: ResponseValue };

export interface BuildResponseOptions {
  /** `ISO_IR 192` (UTF-8, default) or `ISO_IR 100` (Latin-1: text values are transliterated). */
  specificCharacterSet?: ResponseCharacterSet;
}

/** Value Representations whose values follow Specific Character Set (PS3.5 6.1.2.3). */
const TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

/** DS (PS3.5 Table 6.2-1): at most 16 characters. */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) return '';
  for (let digits = 15; digits > 0; digits--) {
    const fixed = String(Number(value.toPrecision(digits)));
    if (fixed.length <= 16) return fixed;
    const exponential = value.toExponential(digits - 1);
    if (exponential.length <= 16) return exponential;
  }
  return '';
}

/** Timezone Offset From UTC (`+HHMM`) of the SPS start in the row's timezone. */
export function utcOffsetOf(row: Pick<WorklistRow, 'spsStartAt' | 'timezone'>): string {
  const local = DateTime.fromJSDate(row.spsStartAt).setZone(row.timezone);
  return local.isValid ? local.toFormat('ZZZ') : '';
}

function extraValue(row: WorklistRow, keyword: string): string {
  const value = row.extra[keyword];
  return typeof value === 'string' ? value : '';
}

function columnValue(row: WorklistRow, attribute: MwlAttribute): string {
  if (!attribute.field) return extraValue(row, attribute.keyword);
  const value = row[attribute.field];
  if (value === null || value === undefined) return extraValue(row, attribute.keyword);
  if (typeof value === 'number') return formatDecimalString(value);
  if (typeof value === 'string') return value;
  return '';
}

interface Build {
  row: WorklistRow;
  charset: ResponseCharacterSet;
}

function text(build: Build, vr: string | undefined, value: string): string {
  return build.charset === 'ISO_IR 100' && (vr === undefined || TEXT_VRS.has(vr))
    ? transliterateToLatin1(value)
    : value;
}

function sequenceValue(build: Build, key: ReturnKey): ResponseDataset[] {
  const attribute = key.attribute;
  if (!attribute || attribute.source === 'empty') return [];
  if (attribute.keyword === 'ScheduledProtocolCodeSequence' && !build.row.protocolCodeValue) return [];
  return [itemOf(build, key.items)];
}

function elementValue(build: Build, key: ReturnKey): ResponseValue {
  if (key.sequence) return sequenceValue(build, key);
  const attribute = key.attribute;
  if (!attribute) return text(build, undefined, extraValue(build.row, key.keyword));
  switch (attribute.keyword) {
    case 'SpecificCharacterSet':
      return build.charset;
    case 'TimezoneOffsetFromUTC':
      return utcOffsetOf(build.row);
    case 'ScheduledProcedureStepStatus':
      return effectiveSpsStatus(build.row);
  }
  if (attribute.source === 'empty') return '';
  return text(build, attribute.vr, columnValue(build.row, attribute));
}

function itemOf(build: Build, keys: readonly ReturnKey[]): ResponseDataset {
  const dataset: ResponseDataset = {};
  for (const key of keys) dataset[key.keyword] = elementValue(build, key);
  return dataset;
}

export function buildResponse(
  row: WorklistRow,
  returnKeys: readonly ReturnKey[],
  options: BuildResponseOptions = {},
): ResponseDataset {
  const charset = options.specificCharacterSet ?? 'ISO_IR 192';
  return { SpecificCharacterSet: charset, ...itemOf({ row, charset }, returnKeys) };
}
