/**
 * Keys whose values are patient data (or identify a patient) and must never reach a log line.
 *
 * Each worklist field appears in the forms the code meets: camelCase (our entries), snake_case
 * (database rows, REDCap fields), the DICOM keyword (dcmjs naturalized datasets) and the DICOM tag
 * in hex (DICOM JSON). Matching in `isPhiKey` ignores case and punctuation, so `PATIENT_ID`,
 * `patient-id` and `(0010,0020)` match too; the exact spellings below also feed pino's
 * case-sensitive `redact` paths.
 */
const WORKLIST_PHI_FORMS: readonly (readonly string[])[] = [
  ['patientName', 'patient_name', 'PatientName', '00100010'],
  ['patientId', 'patientID', 'patient_id', 'PatientID', '00100020'],
  ['issuerOfPatientId', 'issuerOfPatientID', 'issuer_of_patient_id', 'IssuerOfPatientID', '00100021'],
  ['patientBirthDate', 'patient_birth_date', 'PatientBirthDate', '00100030'],
  ['patientBirthTime', 'patient_birth_time', 'PatientBirthTime', '00100032'],
  ['patientSex', 'patient_sex', 'PatientSex', '00100040'],
  ['otherPatientIds', 'otherPatientIDs', 'other_patient_ids', 'OtherPatientIDs', '00101000'],
  ['otherPatientNames', 'other_patient_names', 'OtherPatientNames', '00101001'],
  ['otherPatientIdsSequence', 'other_patient_ids_sequence', 'OtherPatientIDsSequence', '00101002'],
  ['patientAge', 'patient_age', 'PatientAge', '00101010'],
  ['patientSizeM', 'patient_size_m', 'patientSize', 'patient_size', 'PatientSize', '00101020'],
  ['patientWeightKg', 'patient_weight_kg', 'patientWeight', 'patient_weight', 'PatientWeight', '00101030'],
  ['patientAddress', 'patient_address', 'PatientAddress', '00101040'],
  ['patientMotherBirthName', 'patient_mother_birth_name', 'PatientMotherBirthName', '00101060'],
  ['patientTelephoneNumbers', 'patient_telephone_numbers', 'PatientTelephoneNumbers', '00102154'],
  ['patientComments', 'patient_comments', 'PatientComments', '00104000'],
  // The accession number identifies one patient's order: treated as an identifier.
  ['accessionNumber', 'accession_number', 'AccessionNumber', '00080050'],
  ['referringPhysicianName', 'referring_physician_name', 'referringPhysician', 'referring_physician'],
  ['ReferringPhysicianName', '00080090'],
  ['performingPhysicianName', 'performing_physician_name', 'performingPhysician', 'performing_physician'],
  ['PerformingPhysicianName', '00081050'],
  ['scheduledPerformingPhysicianName', 'scheduled_performing_physician_name'],
  ['scheduledPerformingPhysician', 'scheduled_performing_physician'],
  ['ScheduledPerformingPhysicianName', '00400006'],
  ['requestingPhysician', 'requesting_physician', 'RequestingPhysician', '00321032'],
];

/**
 * Personal data under the generic names that raw source records use, the person-name components
 * of DICOM JSON (any PN value), and whole raw source records, which are opaque and redacted as one.
 */
const GENERIC_PHI_KEYS: readonly string[] = [
  'birthDate',
  'birth_date',
  'dateOfBirth',
  'date_of_birth',
  'dob',
  'mrn',
  'medicalRecordNumber',
  'medical_record_number',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'givenName',
  'given_name',
  'familyName',
  'family_name',
  'fullName',
  'full_name',
  'email',
  'phone',
  'phoneNumber',
  'phone_number',
  'Alphabetic',
  'Ideographic',
  'Phonetic',
  'rawRecord',
  'raw_record',
];

/** Every PHI key spelling we know of; `isPhiKey` also matches other casings and punctuation. */
export const PHI_KEYS: readonly string[] = Object.freeze([...WORKLIST_PHI_FORMS.flat(), ...GENERIC_PHI_KEYS]);

/** What a redacted value becomes in a log line. */
export const REDACTED = '[REDACTED]';

const HEX_TAG_WITH_PREFIX = /^(?:0x|x)([0-9a-f]{8})$/;

/** Lower case without punctuation; `x00100010` / `0x00100010` / `(0010,0010)` become `00100010`. */
export function normalizeKey(key: string): string {
  const bare = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const hex = HEX_TAG_WITH_PREFIX.exec(bare);
  return hex?.[1] ?? bare;
}

const NORMALIZED_PHI_KEYS: ReadonlySet<string> = new Set(PHI_KEYS.map(normalizeKey));

/** True when a property of this name holds patient data, in any casing or punctuation. */
export function isPhiKey(key: string): boolean {
  return NORMALIZED_PHI_KEYS.has(normalizeKey(key));
}
