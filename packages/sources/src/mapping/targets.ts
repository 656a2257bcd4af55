/**
 * The worklist fields a `field_mapping` may fill, named as in `WorklistEntry`, and how a mapped
 * text value is turned into each one's canonical form. The scheduled start is not here: it comes
 * from the schedule spec (REDCap: `selection.date_field` / `time_field`).
 */

export type TargetKind =
  /** PN: components trimmed, trailing empty components dropped. */
  | 'person-name'
  /** Text kept as it is (trimmed); its VR is checked by the entry schema. */
  | 'text'
  /** CS: upper case. */
  | 'code'
  /** DA from a date in one of the spec's formats. */
  | 'date'
  /** M, F or O (also from male/female/other, any case). */
  | 'sex'
  /** kg from a number in the spec's `unit` (kg, g, lb). */
  | 'weight'
  /** m from a number in the spec's `unit` (m, cm, in). */
  | 'size'
  /** A whole number of minutes. */
  | 'minutes'
  /** An SPS status a source may set (SCHEDULED, ARRIVED, READY, CANCELED). */
  | 'status';

export interface TargetInfo {
  kind: TargetKind;
  /** Type 1 in the MWL response: without a value the row is rejected. */
  required: boolean;
}

export const TARGETS = {
  patientName: { kind: 'person-name', required: true },
  patientId: { kind: 'text', required: true },
  issuerOfPatientId: { kind: 'text', required: false },
  patientBirthDate: { kind: 'date', required: false },
  patientSex: { kind: 'sex', required: false },
  patientWeightKg: { kind: 'weight', required: false },
  patientSizeM: { kind: 'size', required: false },
  accessionNumber: { kind: 'text', required: false },
  studyInstanceUid: { kind: 'text', required: false },
  requestedProcedureId: { kind: 'text', required: false },
  requestedProcedureDescription: { kind: 'text', required: false },
  studyDescription: { kind: 'text', required: false },
  referringPhysicianName: { kind: 'person-name', required: false },
  spsId: { kind: 'text', required: false },
  spsDescription: { kind: 'text', required: false },
  'protocolCode.value': { kind: 'text', required: false },
  'protocolCode.scheme': { kind: 'text', required: false },
  'protocolCode.meaning': { kind: 'text', required: false },
  modality: { kind: 'code', required: true },
  scheduledStationAeTitle: { kind: 'text', required: true },
  scheduledStationName: { kind: 'text', required: false },
  scheduledPerformingPhysician: { kind: 'person-name', required: false },
  durationMinutes: { kind: 'minutes', required: false },
  status: { kind: 'status', required: false },
} as const satisfies Record<string, TargetInfo>;

export type TargetName = keyof typeof TARGETS | `extra.${string}`;

export const REQUIRED_TARGETS = Object.entries(TARGETS)
  .filter(([, info]) => info.required)
  .map(([name]) => name);

/** `extra.<DICOM keyword>`: configured additional attributes (text). */
export const EXTRA_TARGET = /^extra\.([A-Za-z][A-Za-z0-9]*)$/;

export function targetInfo(name: string): TargetInfo | undefined {
  if (Object.hasOwn(TARGETS, name)) return TARGETS[name as keyof typeof TARGETS];
  if (EXTRA_TARGET.test(name)) return { kind: 'text', required: false };
  return undefined;
}

export const KNOWN_TARGET_NAMES: readonly string[] = [...Object.keys(TARGETS), 'extra.<Keyword>'];

export const WEIGHT_UNITS = { kg: 1, g: 0.001, lb: 0.45359237 } as const;
export const SIZE_UNITS = { m: 1, cm: 0.01, in: 0.0254 } as const;
