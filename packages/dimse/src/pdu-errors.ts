/** Upper Layer PDU types, A-ABORT reasons and the protocol error the framer throws (PS3.8 9.3). */

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PData: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

/** A-ABORT reasons (source 2, service provider; PS3.8 Table 9-26). */
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  InvalidPduParameterValue: 6,
} as const;

export class PduProtocolError extends Error {
  readonly abortReason: number;

  constructor(abortReason: number, message: string) {
    super(message);
    this.name = 'PduProtocolError';
    this.abortReason = abortReason;
  }
}

/** The 10-byte A-ABORT PDU (source 2: service provider; 0: service user). */
export function abortPdu(reason: number, source = 2): Buffer {
  return Buffer.from([PduType.Abort, 0, 0, 0, 0, 4, 0, 0, source, reason]);
}
