/**
 * REDCap source entries (`{config, field_mapping}` of a `data_sources[]` entry) for the fixture
 * projects, shared by the plugin's, the fetcher's and the benches' tests. The fake listens on
 * `http://127.0.0.1`, so every entry sets `allow_insecure_http` (a real source must not).
 */

export type RedcapSourceFixtureName = 'classic' | 'classic-short' | 'longitudinal' | 'repeating';

export interface RedcapSourceFixture {
  config: Record<string, unknown> & { selection: Record<string, unknown> };
  field_mapping: Record<string, unknown>;
}

const lastSegment = (field: string) => ({ field, regex: '([^-]*)$' });

/** Every field the classic project offers. */
const CLASSIC_MAPPING = {
  patientName: { template: '{last_name}^{first_name}' },
  patientId: { template: 'REG-{record_id}' },
  patientBirthDate: 'dob',
  patientSex: { field: 'sex', map: { '1': 'F', '2': 'M', '3': 'O' } },
  patientWeightKg: { field: 'weight_lb', unit: 'lb' },
  modality: { constant: 'MR' },
  scheduledStationAeTitle: { field: 'scanner', map: { '1': 'PRISMA_3T', '2': 'SKYRA_3T' } },
  requestedProcedureDescription: {
    field: 'protocol',
    by: 'label',
    map: { 'Brain routine': 'MRI BRAIN', Spine: 'MRI SPINE' },
  },
};

const SOURCES: Record<RedcapSourceFixtureName, () => RedcapSourceFixture> = {
  classic: () => ({
    config: { selection: { date_field: 'scan_date', time_field: 'scan_time' } },
    field_mapping: CLASSIC_MAPPING,
  }),
  /** The classic project with the required targets only (one station). */
  'classic-short': () => ({
    config: { selection: { date_field: 'scan_date', time_field: 'scan_time' } },
    field_mapping: {
      patientName: { template: '{last_name}^{first_name}' },
      patientId: { template: 'REG-{record_id}' },
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'PRISMA_3T' },
    },
  }),
  longitudinal: () => ({
    config: { selection: { event: 'scan_arm_1', date_field: 'visit_datetime' } },
    field_mapping: {
      patientName: { template: '{surname}^{given_name}' },
      patientId: 'subject_id',
      patientBirthDate: 'birth_date',
      patientSex: { field: 'gender', map: { '0': 'F', '1': 'M' } },
      patientWeightKg: 'visit_weight_kg',
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'SKYRA_3T' },
      studyDescription: { constant: 'LONGITUDINAL IMAGING' },
    },
  }),
  /** One entry per MRI instance, as Pylantir's legacy config for this project means it. */
  repeating: () => ({
    config: {
      selection: {
        instrument: 'mri',
        date_field: 'mri_date',
        time_field: 'mri_time',
        require_non_empty: ['mri_instance'],
      },
    },
    field_mapping: {
      patientName: {
        template: 'cpip-id-{study}^fa-{family}',
        parts: { study: lastSegment('study_id'), family: lastSegment('family_id') },
      },
      patientId: {
        template: 'sub_{study}_ses_{mri_instance}_fam_{family}_site_792',
        parts: { study: lastSegment('study_id'), family: lastSegment('family_id') },
      },
      patientBirthDate: 'youth_dob_y',
      patientSex: { field: 'demo_sex', map: { '1': 'M', '2': 'F' } },
      patientWeightKg: { field: 'mri_wt_lbs', unit: 'lb' },
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'MRI_SCANNER' },
      spsDescription: { constant: 'BRAIN_MRI_3T' },
      'protocolCode.value': { constant: 'BRAIN_MRI_3T' },
      'protocolCode.scheme': { constant: 'GEHC' },
      'protocolCode.meaning': { constant: 'BRAIN_MRI_3T' },
    },
  }),
};

/**
 * The source entry of a fixture project, a fresh copy; `config` is merged over its config (e.g.
 * `request`, `api_url`), `mapping` over its field mapping.
 */
export function redcapSourceFixture(
  name: RedcapSourceFixtureName,
  overrides: { config?: Record<string, unknown>; mapping?: Record<string, unknown> } = {},
): RedcapSourceFixture {
  const source = structuredClone(SOURCES[name]());
  return {
    config: { ...source.config, allow_insecure_http: true, ...overrides.config },
    field_mapping: { ...source.field_mapping, ...overrides.mapping },
  };
}

/** Pylantir's legacy config for the repeating project (its own example, limited to its fields). */
export const PYLANTIR_REPEATING_CONFIG = {
  site: '792',
  protocol: { '792': 'BRAIN_MRI_3T', mapping: 'GEHC' },
  allowed_aet: ['MRI_SCANNER'],
  redcap2wl: {
    study_id: 'study_id',
    family_id: 'family_id',
    youth_dob_y: 'youth_dob_y',
    demo_sex: 'demo_sex',
    mri_date: 'scheduled_start_date',
    mri_time: 'scheduled_start_time',
    mri_wt_lbs: 'patient_weight_lb',
  },
};

/** The variables a source reads the fake's address and token from (the defaults' names). */
export function fakeRedcapEnv(fake: { url: string; token: string }): Record<string, string> {
  return { REDCAP_API_URL: fake.url, REDCAP_API_TOKEN: fake.token };
}
