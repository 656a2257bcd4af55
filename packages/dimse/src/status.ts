/** DICOM UIDs the gateway negotiates (PS3.4, PS3.5 Annex A). */
export const SopClassUid = {
  Verification: '1.2.840.10008.1.1',
  ModalityWorklistFind: '1.2.840.10008.5.1.4.31',
  ModalityPerformedProcedureStep: '1.2.840.10008.3.1.2.3.3',
} as const;

export const TransferSyntaxUid = {
  ImplicitVrLittleEndian: '1.2.840.10008.1.2',
  ExplicitVrLittleEndian: '1.2.840.10008.1.2.1',
} as const;

/**
 * DIMSE status codes used by the gateway (PS3.7 Annex C, PS3.4 C.4.1.1.4 and F.7.2).
 * C-FIND: Pending/PendingWarning per match, then one final Success, Cancel, or a failure.
 */
export const DimseStatus = {
  Success: 0x0000,
  Pending: 0xff00,
  /** Pending, but one or more optional keys were not supported for matching (PS3.4 C.4.1.1.4). */
  PendingWarning: 0xff01,
  Cancel: 0xfe00,
  /** C-FIND: Refused: Out of Resources. */
  OutOfResources: 0xa700,
  /** C-FIND: Error: Data Set does not match SOP Class. */
  IdentifierDoesNotMatchSopClass: 0xa900,
  /** C-FIND: Failed: Unable to process (0xC000-0xCFFF). */
  UnableToProcess: 0xc000,
  /** N-services and C-ECHO: Processing failure. */
  ProcessingFailure: 0x0110,
  InvalidAttributeValue: 0x0106,
  DuplicateSopInstance: 0x0111,
  NoSuchObjectInstance: 0x0112,
  InvalidObjectInstance: 0x0117,
  NoSuchSopClass: 0x0118,
  MissingAttribute: 0x0120,
  MissingAttributeValue: 0x0121,
  SopClassNotSupported: 0x0122,
  UnrecognizedOperation: 0x0211,
  /** General failure: Resource Limitation (PS3.7 C.5.x). */
  ResourceLimitation: 0x0213,
} as const;

/** True for the two statuses that announce one more C-FIND match. */
export function isPendingStatus(status: number): boolean {
  return status === DimseStatus.Pending || status === DimseStatus.PendingWarning;
}

/** True for a status that may end a C-FIND (anything but Pending, within 16 bits). */
export function isFinalFindStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 0 && status <= 0xffff && !isPendingStatus(status);
}
