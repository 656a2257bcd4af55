import { WORKLIST_COLUMNS, type WorklistColumn, type WorklistRowField } from './worklist-row.ts';

/**
 * The Modality Worklist attributes the gateway supports: the subset of PS3.4 Table K.6-1 that a
 * `worklist_item` row can answer, plus the type-2 keys it answers empty. This table is the single
 * source of truth: the match planner, the gateway's SQL builder (through `column`), the response
 * builder (through `field`), the conformance tests and the generated conformance statement read it.
 */

/** Matching types of PS3.4 C.2.2.2 (Universal Matching is always accepted and not listed). */
export type MatchingType = 'single' | 'wildcard' | 'list' | 'range' | 'sequence';

/** Return Key Type (PS3.4 K.2.2.1.2, data element types of PS3.5 7.4). */
export type ReturnKeyType = '1' | '1C' | '2' | '2C' | '3';

export type MwlVr = 'AE' | 'CS' | 'DA' | 'TM' | 'DS' | 'US' | 'LO' | 'SH' | 'PN' | 'UI' | 'SQ';

export interface MwlAttribute {
  readonly keyword: string;
  /** `ggggeeee`, upper-case hexadecimal (as dcmjs names tags). */
  readonly tag: string;
  readonly vr: MwlVr;
  /** Matching Key Type of Table K.6-1 (R required, O optional); null: never a matching key. */
  readonly matchingKey: 'R' | 'O' | null;
  readonly returnKeyType: ReturnKeyType;
  /**
   * Matching the gateway performs on this key: for Required keys what Table K.6-1 allows; for
   * Optional keys our choice among the C.2.2.2 types valid for the VR. Empty: a return key only;
   * a value sent in it is ignored for matching and answered with Pending 0xFF01 (K.2.2.1.1.2).
   */
  readonly matching: readonly MatchingType[];
  /** Part of `matching` that goes beyond the standard (stated in the conformance statement). */
  readonly extensions: readonly MatchingType[];
  /** `worklist_item` column holding the value; null when there is none. */
  readonly column: WorklistColumn | null;
  /** `WorklistRow` field of `column`; null when there is none. */
  readonly field: WorklistRowField | null;
  /**
   * Without a column: `extra` answers the row's configured additional attribute of that keyword
   * (zero-length when absent), `computed` is derived by the response builder, `empty` is always
   * zero-length (no items for a sequence).
   */
  readonly source: 'column' | 'extra' | 'computed' | 'empty';
  /** For sequences: the item attributes. */
  readonly items: readonly MwlAttribute[];
  /** False for an attribute Table K.6-1 does not list (answered when asked). */
  readonly inModel: boolean;
}

interface Options {
  source?: MwlAttribute['source'];
  items?: readonly MwlAttribute[];
  extensions?: readonly MatchingType[];
  inModel?: boolean;
}

const S = 'single';
const SW = 'single|wildcard';
const SR = 'single|range';
const SL = 'single|list';
const NONE = '';

function a(
  keyword: string,
  tag: string,
  vr: MwlVr,
  matchingKey: MwlAttribute['matchingKey'],
  returnKeyType: ReturnKeyType,
  matching: string = NONE,
  column: WorklistColumn | null = null,
  options: Options = {},
): MwlAttribute {
  return {
    keyword,
    tag,
    vr,
    matchingKey,
    returnKeyType,
    matching: matching ? (matching.split('|') as MatchingType[]) : [],
    extensions: options.extensions ?? [],
    column,
    field: column ? WORKLIST_COLUMNS[column] : null,
    source: options.source ?? (column ? 'column' : 'extra'),
    items: options.items ?? [],
    inModel: options.inModel ?? true,
  };
}

/** Code Sequence Macro items as Table K.6-1 includes them (PS3.3 Table 8.8-1). */
function codeItems(withColumns: boolean): MwlAttribute[] {
  const empty = { source: 'empty' } as const;
  return withColumns
    ? [
        a('CodeValue', '00080100', 'SH', 'O', '1C', S, 'protocol_code_value'),
        a('CodingSchemeDesignator', '00080102', 'SH', 'O', '1C', S, 'protocol_coding_scheme'),
        a('CodeMeaning', '00080104', 'LO', 'O', '3', NONE, 'protocol_code_meaning'),
      ]
    : [
        a('CodeValue', '00080100', 'SH', 'O', '1C', NONE, null, empty),
        a('CodingSchemeDesignator', '00080102', 'SH', 'O', '1C', NONE, null, empty),
        a('CodeMeaning', '00080104', 'LO', 'O', '3', NONE, null, empty),
      ];
}

/** Items of the Scheduled Procedure Step Sequence (0040,0100). */
export const SPS_ITEM_ATTRIBUTES: readonly MwlAttribute[] = [
  a('ScheduledStationAETitle', '00400001', 'AE', 'R', '1', S, 'scheduled_station_ae_title'),
  a('ScheduledProcedureStepStartDate', '00400002', 'DA', 'R', '1', SR, 'sps_start_date'),
  a('ScheduledProcedureStepStartTime', '00400003', 'TM', 'R', '1', SR, 'sps_start_time'),
  a('Modality', '00080060', 'CS', 'R', '1', S, 'modality'),
  a('ScheduledPerformingPhysicianName', '00400006', 'PN', 'R', '2', SW, 'scheduled_performing_physician'),
  a('ScheduledProcedureStepDescription', '00400007', 'LO', 'O', '1C', SW, 'sps_description'),
  a('ScheduledStationName', '00400010', 'SH', 'O', '2', SW, 'scheduled_station_name'),
  a('ScheduledProcedureStepLocation', '00400011', 'SH', 'O', '2'),
  a('ScheduledProtocolCodeSequence', '00400008', 'SQ', 'O', '1C', 'sequence', null, {
    source: 'computed',
    items: codeItems(true),
  }),
  a('PreMedication', '00400012', 'LO', 'O', '2C'),
  a('ScheduledProcedureStepID', '00400009', 'SH', 'O', '1', SW, 'sps_id'),
  a('RequestedContrastAgent', '00321070', 'LO', 'O', '2C'),
  a('ScheduledProcedureStepStatus', '00400020', 'CS', 'O', '3', SL, 'status', {
    source: 'computed',
    extensions: ['list'],
  }),
];

/** Top level of the Modality Worklist identifier, grouped by the modules of Table K.6-1. */
export const MWL_ATTRIBUTES: readonly MwlAttribute[] = [
  // SOP Common: never matching keys (PS3.4 C.2.2.2, C.2.2.2.5.2).
  a('SpecificCharacterSet', '00080005', 'CS', null, '1C', NONE, null, { source: 'computed' }),
  a('TimezoneOffsetFromUTC', '00080201', 'SH', null, '3', NONE, null, { source: 'computed' }),
  // Scheduled Procedure Step
  a('ScheduledProcedureStepSequence', '00400100', 'SQ', 'R', '1', 'sequence', null, {
    source: 'computed',
    items: SPS_ITEM_ATTRIBUTES,
  }),
  // Requested Procedure
  a('RequestedProcedureID', '00401001', 'SH', 'O', '1', SW, 'requested_procedure_id'),
  a('RequestedProcedureDescription', '00321060', 'LO', 'O', '1C', SW, 'requested_procedure_description'),
  a('RequestedProcedureCodeSequence', '00321064', 'SQ', 'O', '1C', NONE, null, {
    source: 'empty',
    items: codeItems(false),
  }),
  a('StudyInstanceUID', '0020000D', 'UI', 'O', '1', SL, 'study_instance_uid'),
  a('ReferencedStudySequence', '00081110', 'SQ', 'O', '2', NONE, null, { source: 'empty' }),
  a('RequestedProcedurePriority', '00401003', 'SH', 'O', '2'),
  a('PatientTransportArrangements', '00401004', 'LO', 'O', '2'),
  a('StudyDescription', '00081030', 'LO', 'O', '3', NONE, 'study_description', { inModel: false }),
  // Imaging Service Request
  a('AccessionNumber', '00080050', 'SH', 'O', '2', SW, 'accession_number'),
  a('RequestingPhysician', '00321032', 'PN', 'O', '2'),
  a('ReferringPhysicianName', '00080090', 'PN', 'O', '2', SW, 'referring_physician_name'),
  // Visit Identification, Visit Status, Visit Relationship
  a('AdmissionID', '00380010', 'LO', 'O', '2'),
  a('CurrentPatientLocation', '00380300', 'LO', 'O', '2'),
  a('ReferencedPatientSequence', '00081120', 'SQ', 'O', '2', NONE, null, { source: 'empty' }),
  // Patient Identification, Patient Demographic, Patient Medical
  a('PatientName', '00100010', 'PN', 'R', '1', SW, 'patient_name'),
  a('PatientID', '00100020', 'LO', 'R', '1', S, 'patient_id'),
  a('IssuerOfPatientID', '00100021', 'LO', 'O', '3', SW, 'issuer_of_patient_id'),
  a('PatientBirthDate', '00100030', 'DA', 'O', '2', SR, 'patient_birth_date'),
  a('PatientSex', '00100040', 'CS', 'O', '2', S, 'patient_sex'),
  a('PatientWeight', '00101030', 'DS', 'O', '2', NONE, 'patient_weight_kg'),
  a('PatientSize', '00101020', 'DS', 'O', '3', NONE, 'patient_size_m'),
  a('ConfidentialityConstraintOnPatientDataDescription', '00403001', 'LO', 'O', '2'),
  a('PatientState', '00380500', 'LO', 'O', '2'),
  a('PregnancyStatus', '001021C0', 'US', 'O', '2'),
  a('MedicalAlerts', '00102000', 'LO', 'O', '2'),
  a('Allergies', '00102110', 'LO', 'O', '2'),
  a('SpecialNeeds', '00380050', 'LO', 'O', '2'),
];

/** `(gggg,eeee)` form of a tag. */
export function formatTag(tag: string): string {
  return `(${tag.slice(0, 4)},${tag.slice(4)})`;
}

export function findAttribute(
  keyword: string,
  attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES,
): MwlAttribute | undefined {
  return attributes.find((candidate) => candidate.keyword === keyword);
}

export interface AttributeEntry {
  /** Keywords from the top level, e.g. `['ScheduledProcedureStepSequence', 'Modality']`. */
  path: readonly string[];
  attribute: MwlAttribute;
}

/** Every attribute with its path, depth first (for SQL column lists, tests, documentation). */
export function flattenAttributes(
  attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES,
  parent: readonly string[] = [],
): AttributeEntry[] {
  return attributes.flatMap((attribute) => {
    const path = [...parent, attribute.keyword];
    return [{ path, attribute }, ...flattenAttributes(attribute.items, path)];
  });
}
