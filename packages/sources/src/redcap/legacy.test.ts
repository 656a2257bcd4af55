import { PYLANTIR_REPEATING_CONFIG } from '@mwl/testing/fake-redcap';
import { describe, expect, it } from 'vitest';
import { redcapSourceConfigSchema } from './config.ts';
import { resolveText, type ResolvedText } from '../mapping/resolve-value.ts';
import type { ValueSpec } from '../mapping/spec-schema.ts';
import { convertRedcapLegacySource, isRedcapLegacyForm, redcapLegacyMapping } from './legacy.ts';

/**
 * Pylantir's own example (`mwl_config.json`, legacy top-level form): the shared repeating-project
 * config, with a second scanner and two columns whose handling is checked below.
 */
const pylantir = {
  ...PYLANTIR_REPEATING_CONFIG,
  allowed_aet: ['MRI_SCANNER', 'MRI_SCANNER_2'],
  redcap2wl: {
    ...PYLANTIR_REPEATING_CONFIG.redcap2wl,
    referring_physician: 'referring_physician_name',
    status: 'performed_procedure_step_status',
  },
};

// Expected values below are written out per case, never built from legacy.ts's own tables: a test
// that derives its expectation from the table the code uses passes whatever the table says.

/** The spec legacy.ts gives patientSex, run on one REDCap row whose sex field is coded as `label`. */
function sexFor(label: string): ResolvedText {
  const spec = redcapLegacyMapping({ redcap2wl: {} }).field_mapping.patientSex;
  if (!spec) throw new Error('no patientSex spec');
  return resolveText(spec, { row: { demo_sex: '9' }, labelOf: () => label });
}

describe('redcapLegacyMapping', () => {
  it("maps Pylantir's study layout onto the declarative form", () => {
    const result = redcapLegacyMapping(pylantir);
    expect(result.config).toEqual({
      selection: {
        instrument: 'mri',
        date_field: 'mri_date',
        time_field: 'mri_time',
        require_non_empty: ['mri_instance'],
      },
    });
    expect(result.field_mapping).toEqual({
      patientName: {
        template: 'cpip-id-{study}^fa-{family}',
        parts: {
          study: { field: 'study_id', regex: '([^-]*)$' },
          family: { field: 'family_id', regex: '([^-]*)$' },
        },
      },
      patientId: {
        template: 'sub_{study}_ses_{session}_fam_{family}_site_792',
        parts: {
          study: { field: 'study_id', regex: '([^-]*)$' },
          session: { field: 'mri_instance' },
          family: { field: 'family_id', regex: '([^-]*)$' },
        },
      },
      patientBirthDate: { field: 'youth_dob_y' },
      // The label map itself is checked case by case below ('reads sex from the choice label').
      patientSex: { field: 'demo_sex', by: 'label', map: expect.any(Object) },
      patientWeightKg: { field: 'mri_wt_lbs', unit: 'lb' },
      referringPhysicianName: { field: 'referring_physician' },
      spsDescription: { constant: 'BRAIN_MRI_3T' },
      'protocolCode.value': { constant: 'BRAIN_MRI_3T' },
      'protocolCode.scheme': { constant: 'GEHC' },
      'protocolCode.meaning': { constant: 'BRAIN_MRI_3T' },
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'MRI_SCANNER' },
    });
  });

  it('says what it decided', () => {
    expect(redcapLegacyMapping(pylantir).warnings).toEqual([
      'redcap2wl.status: ignored (the status is set by MPPS and by cancellation, not by the source)',
      'scheduledStationAeTitle: "MRI_SCANNER" (Pylantir sent none; the first allowed_aet); map scheduledStationAeTitle to change it',
      'patientBirthDate: read from youth_dob_y; a year-only value is left out (it is not a DICOM date)',
    ]);
  });

  it('lets redcap2wl override the study defaults', () => {
    const result = redcapLegacyMapping({
      site: '792',
      redcap2wl: {
        full_name: 'patient_name',
        mrn: 'patient_id',
        dob: 'patient_birth_date',
        sex: 'patient_sex',
        scanner: 'scheduled_station_aetitle',
      },
    });
    expect(result.field_mapping).toMatchObject({
      patientName: { field: 'full_name' },
      patientId: { field: 'mrn' },
      patientBirthDate: { field: 'dob' },
      patientSex: { field: 'sex', by: 'label' },
      scheduledStationAeTitle: { field: 'scanner' },
    });
  });

  it.each<[string, string, ValueSpec]>([
    ['patient_name', 'patientName', { field: 'src' }],
    ['patient_id', 'patientId', { field: 'src' }],
    ['patient_birth_date', 'patientBirthDate', { field: 'src' }],
    ['patient_weight_lb', 'patientWeightKg', { field: 'src', unit: 'lb' }],
    ['patient_weight_kg', 'patientWeightKg', { field: 'src', unit: 'kg' }],
    ['accession_number', 'accessionNumber', { field: 'src' }],
    ['referring_physician_name', 'referringPhysicianName', { field: 'src' }],
    ['modality', 'modality', { field: 'src', default: 'MR' }],
    ['study_description', 'studyDescription', { field: 'src' }],
    ['scheduled_station_aetitle', 'scheduledStationAeTitle', { field: 'src' }],
    ['performing_physician', 'scheduledPerformingPhysician', { field: 'src' }],
    ['procedure_description', 'spsDescription', { field: 'src' }],
    ['station_name', 'scheduledStationName', { field: 'src' }],
  ])('maps the Pylantir column %s onto %s', (column, target, spec) => {
    expect(redcapLegacyMapping({ redcap2wl: { src: column } }).field_mapping[target]).toEqual(spec);
  });

  it.each<[string, string, ResolvedText]>([
    ['a male label', 'Male', { kind: 'value', value: 'M' }],
    ['a one-letter male label', 'm', { kind: 'value', value: 'M' }],
    ['a man label', 'Man', { kind: 'value', value: 'M' }],
    ['a boy label', 'Boy', { kind: 'value', value: 'M' }],
    ['a female label', 'Female', { kind: 'value', value: 'F' }],
    ['a one-letter female label', 'F', { kind: 'value', value: 'F' }],
    ['a woman label', 'woman', { kind: 'value', value: 'F' }],
    ['a girl label', 'Girl', { kind: 'value', value: 'F' }],
    ['an other label', 'Other', { kind: 'value', value: 'O' }],
    ['a one-letter other label', 'o', { kind: 'value', value: 'O' }],
    ['an intersex label', 'Intersex', { kind: 'value', value: 'O' }],
    ['a label it does not know', 'Prefer not to say', { kind: 'invalid', reason: 'value is not in "map"' }],
  ])('reads sex from the choice label: %s', (_case, label, expected) => {
    expect(sexFor(label)).toEqual(expected);
  });

  it('cuts the study and family ids after their last dash, as Pylantir did', () => {
    const spec = redcapLegacyMapping({ redcap2wl: {}, site: '792' }).field_mapping;
    const row = { study_id: 'cpip-id-1001', family_id: 'fa-501', mri_instance: '2' };
    expect(spec.patientName && resolveText(spec.patientName, { row })).toEqual({
      kind: 'value',
      value: 'cpip-id-1001^fa-501',
    });
    expect(spec.patientId && resolveText(spec.patientId, { row })).toEqual({
      kind: 'value',
      value: 'sub_1001_ses_2_fam_501_site_792',
    });
  });

  it('leaves the site out of the patient id when none is set, and sends no protocol', () => {
    const result = redcapLegacyMapping({ redcap2wl: {}, protocol: { '792': 'BRAIN' } });
    expect(result.field_mapping.patientId?.template).toBe('sub_{study}_ses_{session}_fam_{family}');
    expect(result.field_mapping['protocolCode.value']).toBeUndefined();
    expect(result.warnings).toContain('protocol: no protocol for site (no site set); none sent');
  });

  it('escapes braces of a site in the template', () => {
    const result = redcapLegacyMapping({ redcap2wl: {}, site: 'a{b}' });
    expect(result.field_mapping.patientId?.template).toBe(
      'sub_{study}_ses_{session}_fam_{family}_site_a{{b}}',
    );
  });

  it('takes the station AE title from the options first, else ANY', () => {
    expect(
      redcapLegacyMapping(pylantir, { stationAeTitle: 'PRISMA' }).field_mapping.scheduledStationAeTitle,
    ).toEqual({
      constant: 'PRISMA',
    });
    expect(redcapLegacyMapping({ redcap2wl: {} }).field_mapping.scheduledStationAeTitle).toEqual({
      constant: 'ANY',
    });
  });

  it('ignores columns that are not worklist columns, silently when they only name the field', () => {
    const result = redcapLegacyMapping({ redcap2wl: { t1_date: 't1_date', mri_instance: 'session_id' } });
    expect(result.warnings).toContain(
      'redcap2wl.mri_instance: ignored ("session_id" is not a worklist column)',
    );
    expect(result.warnings.join('\n')).not.toContain('t1_date');
  });
});

describe('the Pylantir form in a data_sources entry', () => {
  /** Pylantir's data_sources example (seed 000). */
  const entry = {
    config: { site_id: '792', protocol: { '792': 'BRAIN_MRI_3T' }, api_token_env: 'CPIP_TOKEN' },
    field_mapping: {
      study_id: 'study_id',
      mri_instance: 'session_id',
      youth_dob_y: 'patient_birth_date',
      demo_sex: 'patient_sex',
    },
  };

  it('is recognised, and the declarative form is not', () => {
    expect(isRedcapLegacyForm(entry)).toBe(true);
    expect(isRedcapLegacyForm({ config: { selection: {} }, field_mapping: {} })).toBe(false);
    expect(isRedcapLegacyForm({ config: {}, field_mapping: { patientId: 'record_id' } })).toBe(false);
    expect(
      isRedcapLegacyForm({
        config: { site: '1' },
        field_mapping: { status: 'performed_procedure_step_status' },
      }),
    ).toBe(true);
    expect(isRedcapLegacyForm({ config: {}, field_mapping: { mri_date: 'scheduled_start_date' } })).toBe(
      true,
    );
  });

  it('keeps our own settings and reports unknown ones', () => {
    const result = convertRedcapLegacySource({ ...entry, config: { ...entry.config, colour: 'blue' } });
    expect(result.config.api_token_env).toBe('CPIP_TOKEN');
    expect(result.warnings).toContain('config.colour: ignored (unknown setting)');
  });

  it('validates as a REDCap source config', () => {
    const parsed = redcapSourceConfigSchema.parse(entry);
    expect(parsed.config.selection.instrument).toBe('mri');
    expect(parsed.config.api_token_env).toBe('CPIP_TOKEN');
    expect(parsed.field_mapping.patientId?.template).toBe('sub_{study}_ses_{session}_fam_{family}_site_792');
  });

  it("validates the config package's conversion of the top-level form", () => {
    const converted = {
      config: { site: '792', protocol: pylantir.protocol, mri_visit_session_mapping: { T1: '1' } },
      field_mapping: pylantir.redcap2wl,
    };
    expect(redcapSourceConfigSchema.safeParse(converted).success).toBe(true);
  });
});
