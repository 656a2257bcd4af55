/** DIMSE statuses of the MPPS SCP (PS3.7 Annex C, PS3.4 F.7.2). */
export const MPPS_DIMSE_STATUS = {
  success: 0x0000,
  invalidAttributeValue: 0x0106,
  processingFailure: 0x0110,
  duplicateSopInstance: 0x0111,
  noSuchObjectInstance: 0x0112,
  missingAttribute: 0x0120,
  missingAttributeValue: 0x0121,
} as const;

/** Error ID (0000,0903) of an N-SET on a COMPLETED or DISCONTINUED instance (PS3.4 F.7.2.2.2). */
export const MPPS_ERROR_ID_NO_LONGER_UPDATABLE = 0xa710;
export const MPPS_NO_LONGER_UPDATABLE_COMMENT = 'Performed Procedure Step Object may no longer be updated';

export const MPPS_STATUSES = ['IN PROGRESS', 'COMPLETED', 'DISCONTINUED'] as const;
export const MPPS_FINAL_STATUSES = ['COMPLETED', 'DISCONTINUED'] as const;

export function isMppsStatus(value: string | undefined): value is (typeof MPPS_STATUSES)[number] {
  return value !== undefined && (MPPS_STATUSES as readonly string[]).includes(value);
}

export function isFinalMppsStatus(value: string): boolean {
  return (MPPS_FINAL_STATUSES as readonly string[]).includes(value);
}

/** Why an N-CREATE or N-SET is refused: the status, the attributes concerned (keywords), a comment. */
export interface MppsFailure {
  status: number;
  /** Keywords of the attributes concerned (sent as the Attribute Identifier List). */
  attributes: string[];
  /** (0000,0902): names attributes, never values. */
  comment: string;
  /** (0000,0903), e.g. 0xA710. */
  errorId?: number;
}
