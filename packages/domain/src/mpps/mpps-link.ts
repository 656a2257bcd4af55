import { itemsOf, textOf, type MppsDataset } from './mpps-dataset.ts';

/**
 * How an MPPS was linked to a worklist item (stored with the link):
 * - `study-sps`: a Scheduled Step Attributes item's Study Instance UID + Scheduled Procedure Step ID;
 * - `accession-rp`: its Accession Number + Requested Procedure ID;
 * - `patient`: no item referenced a step, and exactly one active step of that Patient ID is
 *   scheduled on the PPS start date for the performing station.
 */
export type MppsLinkMethod = 'study-sps' | 'accession-rp' | 'patient';
export const MPPS_LINK_METHODS = ['study-sps', 'accession-rp', 'patient'] as const;

/** One lookup the store runs, most specific first. */
export type MppsLinkLookup =
  | { method: 'study-sps'; studyInstanceUid: string; spsId: string }
  | { method: 'accession-rp'; accessionNumber: string; requestedProcedureId: string };

/** The lookups of one Scheduled Step Attributes item, in the order they are tried. */
export interface MppsStepReference {
  lookups: MppsLinkLookup[];
}

/** The patient fallback: used only when no step reference found anything. */
export interface MppsPatientLookup {
  method: 'patient';
  patientId: string;
  /** PPS start date (DA): the day the step must be scheduled on. */
  date: string;
  /** Performed Station AE Title: the station the step must be scheduled on. */
  stationAeTitle: string;
}

export interface MppsLinkPlan {
  steps: MppsStepReference[];
  patient?: MppsPatientLookup;
}

/**
 * Scheduled Step Attributes items looked up per MPPS: each costs up to two queries, so a peer
 * cannot make one N-CREATE run thousands (a grouped procedure has a handful).
 */
export const MAX_LINKED_STEP_ITEMS = 32;

/** The lookups an N-CREATE asks for (PS3.4 F.7.2.1; PS3.3 C.4.13 Scheduled Step Attributes). */
export function planMppsLinks(dataset: MppsDataset): MppsLinkPlan {
  const steps: MppsStepReference[] = [];
  const items = itemsOf(dataset['ScheduledStepAttributesSequence']).slice(0, MAX_LINKED_STEP_ITEMS);
  for (const item of items) {
    const lookups: MppsLinkLookup[] = [];
    const studyInstanceUid = textOf(item['StudyInstanceUID']);
    const spsId = textOf(item['ScheduledProcedureStepID']);
    const accessionNumber = textOf(item['AccessionNumber']);
    const requestedProcedureId = textOf(item['RequestedProcedureID']);
    if (studyInstanceUid && spsId) lookups.push({ method: 'study-sps', studyInstanceUid, spsId });
    if (accessionNumber && requestedProcedureId) {
      lookups.push({ method: 'accession-rp', accessionNumber, requestedProcedureId });
    }
    if (lookups.length > 0) steps.push({ lookups });
  }
  const patientId = textOf(dataset['PatientID']);
  const date = textOf(dataset['PerformedProcedureStepStartDate']);
  const stationAeTitle = textOf(dataset['PerformedStationAETitle']);
  return {
    steps,
    ...(patientId &&
      date &&
      stationAeTitle && { patient: { method: 'patient', patientId, date, stationAeTitle } }),
  };
}

export interface MppsLink {
  worklistItemId: bigint;
  method: MppsLinkMethod;
}

/** Answers one lookup with the ids of the worklist items it finds. */
export type MppsLinkFinder = {
  step(lookup: MppsLinkLookup): Promise<readonly bigint[]>;
  /** Active steps (not started, completed, discontinued or cancelled) of the patient that day there. */
  patient(lookup: MppsPatientLookup): Promise<readonly bigint[]>;
};

/**
 * Resolves a plan: for each step reference, the first lookup that finds items links them (one
 * MPPS may so cover several steps: the grouped case). Only when no reference linked anything is
 * the patient fallback tried, and it links only an unambiguous single step. Nothing found: no
 * link (the MPPS is stored unlinked, an unscheduled scan).
 */
export async function resolveMppsLinks(plan: MppsLinkPlan, finder: MppsLinkFinder): Promise<MppsLink[]> {
  const links = new Map<bigint, MppsLinkMethod>();
  for (const step of plan.steps) {
    for (const lookup of step.lookups) {
      const found = await finder.step(lookup);
      if (found.length === 0) continue;
      for (const id of found) if (!links.has(id)) links.set(id, lookup.method);
      break;
    }
  }
  if (links.size === 0 && plan.patient) {
    const found = await finder.patient(plan.patient);
    if (found.length === 1 && found[0] !== undefined) links.set(found[0], 'patient');
  }
  return [...links].map(([worklistItemId, method]) => ({ worklistItemId, method }));
}
