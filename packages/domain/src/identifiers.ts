import { sha256Bytes } from './sha256.ts';
import { studyInstanceUidFor } from './dicom/uid.ts';
import type { WorklistEntry } from './worklist-entry.ts';

/**
 * Identifiers a scanner needs (type 1 in the MWL response) that a source may not provide. They are
 * derived from `(source, sourceKey)`, so they are stable across re-syncs and re-creation, and once
 * stored they are never changed by the writer.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A 16-character SH-safe id (base32 of sha256): fits Requested Procedure ID and SPS ID. */
export function shortIdFor(kind: string, source: string, sourceKey: string): string {
  const digest = sha256Bytes(`${kind}\u0000${source}\u0000${sourceKey}`);
  let id = '';
  for (let i = 0; i < 16; i++) id += BASE32[digest[i]! % 32];
  return id;
}

export interface AssignedIdentifiers {
  studyInstanceUid: string;
  requestedProcedureId: string;
  spsId: string;
  accessionNumber: string;
}

/** The identifiers to store for a new item: the source's own where given, derived otherwise. */
export function assignIdentifiers(entry: WorklistEntry): AssignedIdentifiers {
  return {
    studyInstanceUid: entry.studyInstanceUid ?? studyInstanceUidFor(entry.source, entry.sourceKey),
    requestedProcedureId: entry.requestedProcedureId ?? shortIdFor('rp', entry.source, entry.sourceKey),
    spsId: entry.spsId ?? shortIdFor('sps', entry.source, entry.sourceKey),
    // Accession Number is type 2 in the MWL response: empty is valid when the site assigns none.
    accessionNumber: entry.accessionNumber ?? '',
  };
}
