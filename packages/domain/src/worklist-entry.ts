import { z } from 'zod';
import { isValidDA, isValidTM } from './dicom/date-time.ts';
import { personNameProblem } from './dicom/person-name.ts';
import { stringVrProblem, type StringVr } from './dicom/strings.ts';
import { isValidUid } from './dicom/uid.ts';
import { isValidTimezone, localWallClockAt } from './schedule-time.ts';
import { SOURCE_STATUSES } from './sps-status.ts';

/**
 * A normalized worklist entry: what a source plugin produces and the writer stores. Every value is
 * already canonical DICOM (DA, TM, PN, CS upper case, lengths within the VR), so the gateway can
 * answer with it as it is. Identity is `(source, sourceKey)`.
 */

function vr(kind: StringVr) {
  return z.string().superRefine((value, ctx) => {
    const problem = stringVrProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const personName = z.string().superRefine((value, ctx) => {
  const problem = personNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const da = z.string().refine(isValidDA, 'must be a DICOM date YYYYMMDD');
const canonicalTm = z
  .string()
  .refine((v) => /^\d{6}$/.test(v) && isValidTM(v), 'must be a DICOM time HHMMSS');
const notBlank = (value: string) => value.trim() !== '';

export const protocolCodeSchema = z.object({
  value: vr('SH').min(1),
  scheme: vr('SH').min(1),
  meaning: vr('LO').min(1),
});

export const worklistEntrySchema = z
  .object({
    source: z.string().min(1).max(64),
    sourceKey: z.string().min(1).max(256),

    patientName: personName.refine(notBlank, 'must not be empty'),
    patientId: vr('LO').refine(notBlank, 'must not be empty'),
    issuerOfPatientId: vr('LO').optional(),
    patientBirthDate: da.optional(),
    patientSex: z.enum(['M', 'F', 'O']).optional(),
    patientWeightKg: z.number().positive().max(700).optional(),
    patientSizeM: z.number().positive().max(3).optional(),

    accessionNumber: vr('SH').optional(),
    studyInstanceUid: z
      .string()
      .refine(isValidUid, 'must be a valid UID of at most 64 characters')
      .optional(),
    requestedProcedureId: vr('SH').min(1).optional(),
    requestedProcedureDescription: vr('LO').optional(),
    studyDescription: vr('LO').optional(),
    referringPhysicianName: personName.optional(),

    spsId: vr('SH').min(1).optional(),
    spsDescription: vr('LO').optional(),
    protocolCode: protocolCodeSchema.optional(),
    modality: vr('CS').min(1),
    scheduledStationAeTitle: vr('AE'),
    scheduledStationName: vr('SH').optional(),
    scheduledPerformingPhysician: personName.optional(),

    spsStartDate: da,
    spsStartTime: canonicalTm,
    spsStartAt: z.iso.datetime({ offset: true }),
    timezone: z.string().refine(isValidTimezone, 'must be an IANA timezone'),
    durationMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .optional(),

    status: z.enum(SOURCE_STATUSES).default('SCHEDULED'),
    /** Configured additional attributes by DICOM keyword (string values). */
    extra: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), z.string()).default({}),
  })
  .strict()
  .superRefine((entry, ctx) => {
    // The local date/time and the instant must describe the same moment in the entry's timezone.
    const instant = Date.parse(entry.spsStartAt);
    if (Number.isNaN(instant)) return;
    const wallClock = localWallClockAt(instant, entry.timezone);
    if (wallClock === null) return;
    if (wallClock.slice(0, 8) !== entry.spsStartDate || wallClock.slice(8) !== entry.spsStartTime) {
      ctx.addIssue({
        code: 'custom',
        path: ['spsStartAt'],
        message: 'spsStartAt does not match spsStartDate/spsStartTime in the entry timezone',
      });
    }
  });

export type WorklistEntry = z.output<typeof worklistEntrySchema>;
export type WorklistEntryInput = z.input<typeof worklistEntrySchema>;

export interface EntryProblem {
  path: string;
  message: string;
}

export type EntryValidation = { ok: true; entry: WorklistEntry } | { ok: false; problems: EntryProblem[] };

/** Validates a candidate entry; problems name fields, never values (they may be PHI). */
export function validateEntry(input: unknown): EntryValidation {
  const result = worklistEntrySchema.safeParse(input);
  if (result.success) return { ok: true, entry: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(entry)',
      message: issue.message,
    })),
  };
}
