/**
 * Frames the raw TCP byte stream into whole PDUs and checks them before dcmjs-dimse sees them.
 *
 * dcmjs-dimse accumulates whatever a PDU header announces (a 4 GiB length is buffered forever) and
 * parses in places we cannot reach; this framer enforces the limits at the socket boundary: known PDU
 * types only, A-ASSOCIATE-RQ first and once, PDU length within bounds, PDV items that add up, and a
 * cap on the bytes one command or data set may accumulate. A violation throws PduProtocolError with
 * the A-ABORT reason to send (PS3.8 Table 9-26).
 */

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PData: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

/** A-ABORT reasons (source 2, service provider). */
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  InvalidPduParameterValue: 6,
} as const;

/** An A-ASSOCIATE-RQ is small (128 contexts of ~300 bytes each stay well below this). */
export const MAX_ASSOCIATE_RQ_LENGTH = 64 * 1024;

export class PduProtocolError extends Error {
  readonly abortReason: number;

  constructor(abortReason: number, message: string) {
    super(message);
    this.name = 'PduProtocolError';
    this.abortReason = abortReason;
  }
}

export interface PduFramerOptions {
  /** Largest P-DATA-TF variable part accepted. */
  maxPduLength: number;
  /** Largest command or data set (sum of its PDV fragments). */
  maxMessageBytes: number;
}

export interface FramedPdu {
  type: number;
  /** The whole PDU, header included. */
  bytes: Buffer;
  /** Data sets (not command sets) whose last fragment is in this PDU, reassembled. */
  datasets: Buffer[];
}

const HEADER_LENGTH = 6;

export class PduFramer {
  readonly #options: PduFramerOptions;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #pdusSeen = 0;
  #messageBytes = 0;
  #datasetFragments: Buffer[] = [];
  #failed: PduProtocolError | undefined;

  constructor(options: PduFramerOptions) {
    this.#options = options;
  }

  /** Feeds bytes; returns the PDUs completed by them (in order). Throws on the first violation. */
  push(chunk: Buffer): FramedPdu[] {
    if (this.#failed) throw this.#failed;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const complete: FramedPdu[] = [];
    try {
      for (;;) {
        const pdu = this.#next();
        if (pdu === undefined) break;
        complete.push(pdu);
      }
    } catch (error) {
      if (error instanceof PduProtocolError) this.#failed = error;
      throw error;
    }
    return complete;
  }

  #peekHeader(): { type: number; length: number } | undefined {
    if (this.#buffered < HEADER_LENGTH) return undefined;
    let first = this.#chunks[0] as Buffer;
    if (first.length < HEADER_LENGTH) {
      first = Buffer.concat(this.#chunks, this.#buffered);
      this.#chunks = [first];
    }
    return { type: first.readUInt8(0), length: first.readUInt32BE(2) };
  }

  #next(): FramedPdu | undefined {
    const head = this.#peekHeader();
    if (head === undefined) return undefined;
    this.#checkHeader(head.type, head.length);
    const total = HEADER_LENGTH + head.length;
    if (this.#buffered < total) return undefined;
    const all =
      this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#buffered);
    const bytes = all.subarray(0, total);
    const rest = all.subarray(total);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    this.#pdusSeen++;
    const datasets = head.type === PduType.PData ? this.#readPdvs(bytes) : [];
    return { type: head.type, bytes, datasets };
  }

  #checkHeader(type: number, length: number): void {
    if (type < PduType.AssociateRq || type > PduType.Abort) {
      throw new PduProtocolError(AbortReason.UnrecognizedPdu, `unrecognized PDU type 0x${type.toString(16)}`);
    }
    const first = this.#pdusSeen === 0;
    if (
      first !== (type === PduType.AssociateRq) ||
      type === PduType.AssociateAc ||
      type === PduType.AssociateRj
    ) {
      throw new PduProtocolError(AbortReason.UnexpectedPdu, `unexpected PDU type 0x${type.toString(16)}`);
    }
    const limit =
      type === PduType.AssociateRq
        ? MAX_ASSOCIATE_RQ_LENGTH
        : type === PduType.PData
          ? this.#options.maxPduLength
          : 4;
    const tooShort =
      type === PduType.PData ? length < 6 : type === PduType.AssociateRq ? length < 68 : length !== 4;
    if (length > limit || tooShort) {
      throw new PduProtocolError(
        AbortReason.InvalidPduParameterValue,
        `PDU type 0x${type.toString(16)} with invalid length ${length} (limit ${limit})`,
      );
    }
  }

  #readPdvs(pdu: Buffer): Buffer[] {
    const completed: Buffer[] = [];
    let offset = HEADER_LENGTH;
    while (offset < pdu.length) {
      if (offset + 6 > pdu.length) {
        throw new PduProtocolError(AbortReason.InvalidPduParameterValue, 'truncated PDV item');
      }
      const itemLength = pdu.readUInt32BE(offset);
      if (itemLength < 2 || offset + 4 + itemLength > pdu.length) {
        throw new PduProtocolError(
          AbortReason.InvalidPduParameterValue,
          `PDV item length ${itemLength} out of bounds`,
        );
      }
      const control = pdu.readUInt8(offset + 5);
      this.#messageBytes += itemLength - 2;
      if (this.#messageBytes > this.#options.maxMessageBytes) {
        throw new PduProtocolError(
          AbortReason.InvalidPduParameterValue,
          `DIMSE message exceeds ${this.#options.maxMessageBytes} bytes`,
        );
      }
      const isCommand = (control & 0x01) !== 0;
      const isLast = (control & 0x02) !== 0;
      if (!isCommand) this.#datasetFragments.push(pdu.subarray(offset + 6, offset + 4 + itemLength));
      if (isLast) {
        this.#messageBytes = 0;
        if (!isCommand) completed.push(Buffer.concat(this.#datasetFragments.splice(0)));
      }
      offset += 4 + itemLength;
    }
    return completed;
  }
}

/** The 10-byte A-ABORT PDU (source 2: service provider; 0: service user). */
export function abortPdu(reason: number, source = 2): Buffer {
  return Buffer.from([PduType.Abort, 0, 0, 0, 0, 4, 0, 0, source, reason]);
}
