import { describe, expect, it } from 'vitest';
import { convertPylantirSource, pylantirFormNotes } from './pylantir-sources.ts';

const REDCAP_PYLANTIR = {
  name: 'main_redcap',
  type: 'redcap',
  config: { site_id: '792', protocol: { '792': 'BRAIN_MRI_3T' } },
  field_mapping: { study_id: 'study_id', youth_dob_y: 'patient_birth_date' },
};

const CALPENDO_PYLANTIR = {
  name: 'calpendo_3t',
  type: 'calpendo',
  config: { base_url: 'https://calpendo.example.org' },
  field_mapping: {
    title: { _extract: { patient_id: { pattern: '^([A-Z0-9]+)', group: 1 } } },
    'resource.formattedName': 'modality',
  },
};

describe("Pylantir's source forms", () => {
  it('warns about a REDCap source in Pylantir form and says how to convert it', () => {
    const notes = pylantirFormNotes(REDCAP_PYLANTIR);
    expect(notes[0]).toEqual({
      path: 'field_mapping',
      message: expect.stringContaining('mwl-bridge convert-config') as string,
    });
  });

  it('writes a REDCap source in the declarative form the plugin reads', () => {
    const converted = convertPylantirSource(REDCAP_PYLANTIR);
    expect(converted).toMatchObject({
      name: 'main_redcap',
      config: { selection: { instrument: 'mri', date_field: 'mri_date' } },
      field_mapping: { patientBirthDate: { field: 'youth_dob_y' }, modality: { constant: 'MR' } },
    });
    expect(pylantirFormNotes(converted)).toEqual([]);
  });

  it('writes a Calpendo mapping in the declarative form, moved out of config when nested there', () => {
    const nested = {
      ...CALPENDO_PYLANTIR,
      config: { ...CALPENDO_PYLANTIR.config, field_mapping: CALPENDO_PYLANTIR.field_mapping },
      field_mapping: {},
    };
    for (const source of [CALPENDO_PYLANTIR, nested]) {
      expect(pylantirFormNotes(source)[0]?.message).toContain("Pylantir's Calpendo form");
      const converted = convertPylantirSource(source);
      expect(converted.config).toEqual({ base_url: 'https://calpendo.example.org' });
      expect(converted.field_mapping).toMatchObject({ patientId: { field: 'title' } });
      expect(pylantirFormNotes(converted)).toEqual([]);
    }
  });

  it('leaves declarative sources and other types alone', () => {
    const file = {
      name: 'demo',
      type: 'file',
      config: { path: 'x.csv' },
      field_mapping: { patientId: 'id' },
    };
    expect(convertPylantirSource(file)).toBe(file);
    expect(pylantirFormNotes(file)).toEqual([]);
  });
});
