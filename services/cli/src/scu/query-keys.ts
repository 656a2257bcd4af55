import type { DicomDataset } from '@mwl/dimse';
import { QueryKeyError } from '../errors.ts';

/**
 * `find`'s identifier. Without keys it asks for the attributes a modality usually shows; each
 * `-k` key (dcmtk's syntax: `PatientName=DOE*`, `ScheduledProcedureStepSequence[0].Modality=MR`,
 * or a bare keyword for "return it") sets or adds one attribute.
 */

export const DEFAULT_SPS_KEYS: Readonly<Record<string, string>> = {
  Modality: '',
  ScheduledStationAETitle: '',
  ScheduledProcedureStepStartDate: '',
  ScheduledProcedureStepStartTime: '',
  ScheduledProcedureStepDescription: '',
  ScheduledProcedureStepID: '',
  ScheduledPerformingPhysicianName: '',
  ScheduledProcedureStepStatus: '',
};

export const DEFAULT_KEYS: Readonly<Record<string, string>> = {
  PatientName: '',
  PatientID: '',
  PatientBirthDate: '',
  PatientSex: '',
  AccessionNumber: '',
  StudyInstanceUID: '',
  RequestedProcedureID: '',
  RequestedProcedureDescription: '',
};

const SEGMENT = /^([A-Za-z][A-Za-z0-9]*)(?:\[(\d+)\])?$/;

/** The default identifier: fresh objects, safe to modify. */
export function defaultIdentifier(): DicomDataset {
  return { ...DEFAULT_KEYS, ScheduledProcedureStepSequence: [{ ...DEFAULT_SPS_KEYS }] };
}

/** Applies one `-k` key to `identifier` (in place). */
export function applyQueryKey(identifier: DicomDataset, key: string): void {
  const equals = key.indexOf('=');
  const path = (equals < 0 ? key : key.slice(0, equals)).trim();
  const value = equals < 0 ? '' : key.slice(equals + 1);
  const segments = path.split('.');
  if (path === '' || segments.some((s) => !SEGMENT.test(s))) {
    throw new QueryKeyError(`-k "${path}": expected Keyword=value or Sequence[0].Keyword=value`);
  }
  let target = identifier;
  for (const [i, segment] of segments.entries()) {
    const [, keyword, index] = SEGMENT.exec(segment)!;
    const last = i === segments.length - 1;
    if (last) {
      if (index !== undefined)
        throw new QueryKeyError(`-k "${path}": the last part names an attribute, not an item`);
      target[keyword!] = value;
      return;
    }
    if (!keyword!.endsWith('Sequence')) throw new QueryKeyError(`-k "${path}": ${keyword} is not a sequence`);
    const itemIndex = Number(index ?? '0');
    const existing = target[keyword!];
    const items: DicomDataset[] = Array.isArray(existing) ? [...(existing as DicomDataset[])] : [];
    if (itemIndex > items.length)
      throw new QueryKeyError(`-k "${path}": item ${itemIndex} of ${keyword} skips one`);
    items[itemIndex] = { ...(items[itemIndex] ?? {}) };
    target[keyword!] = items;
    target = items[itemIndex];
  }
}

export interface QueryShortcuts {
  /** SPS start date: a DICOM date or range (`20261123`, `20261101-20261130`). */
  date?: string;
  modality?: string;
  station?: string;
}

const SPS = 'ScheduledProcedureStepSequence[0]';

/** The identifier of a `find`: the defaults, the shortcuts, then the `-k` keys (which win). */
export function buildIdentifier(keys: readonly string[], shortcuts: QueryShortcuts = {}): DicomDataset {
  const identifier = defaultIdentifier();
  if (shortcuts.date !== undefined)
    applyQueryKey(identifier, `${SPS}.ScheduledProcedureStepStartDate=${shortcuts.date}`);
  if (shortcuts.modality !== undefined) applyQueryKey(identifier, `${SPS}.Modality=${shortcuts.modality}`);
  if (shortcuts.station !== undefined)
    applyQueryKey(identifier, `${SPS}.ScheduledStationAETitle=${shortcuts.station}`);
  for (const key of keys) applyQueryKey(identifier, key);
  return identifier;
}
