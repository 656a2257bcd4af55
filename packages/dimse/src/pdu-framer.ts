import { MessageAssembler, type MessageLimits, type ReceivedDataset } from './message-assembler.ts';
import { AbortReason, PduProtocolError, PduType } from './pdu-errors.ts';

export { AbortReason, PduProtocolError, PduType, abortPdu } from './pdu-errors.ts';
export type { ReceivedDataset } from './message-assembler.ts';

/**
 * Frames the raw TCP byte stream into whole PDUs and checks them before dcmjs-dimse sees them.
 *
 * dcmjs-dimse accumulates whatever a PDU header announces (a 4 GiB length is buffered forever) and
 * parses in places we cannot reach; this framer enforces the limits at the socket boundary: known PDU
 * types only, A-ASSOCIATE-RQ first and once, PDU length within bounds, a byte budget for the whole
 * association, and (message-assembler.ts) DIMSE messages that are well-formed and within their own
 * budgets. A violation throws PduProtocolError with the A-ABORT reason to send.
 */

/** An A-ASSOCIATE-RQ is small (128 contexts of ~300 bytes each stay well below this). */
export const MAX_ASSOCIATE_RQ_LENGTH = 64 * 1024;

export interface PduFramerOptions extends MessageLimits {
  /** Largest P-DATA-TF variable part accepted. */
  maxPduLength: number;
  /** Bytes one association may send in all; past it the association is aborted. */
  maxAssociationBytes: number;
}

export interface FramedPdu {
  type: number;
  /** What dcmjs-dimse gets: the PDU itself, or for a P-DATA-TF one rewritten PDU per PDV. */
  forLibrary: Buffer[];
  /** Data sets (not command sets) whose last fragment is in this PDU, reassembled. */
  datasets: ReceivedDataset[];
}

const HEADER_LENGTH = 6;

export class PduFramer {
  readonly #options: PduFramerOptions;
  readonly #messages: MessageAssembler;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #received = 0;
  #pdusSeen = 0;
  #failed: PduProtocolError | undefined;

  constructor(options: PduFramerOptions) {
    this.#options = options;
    this.#messages = new MessageAssembler(options);
  }

  /** Bytes of a PDU not yet complete (0 between PDUs): the PDU deadline runs while this is > 0. */
  get partialBytes(): number {
    return this.#buffered;
  }

  /** Feeds bytes and returns every PDU they complete (in order). Throws on the first violation. */
  push(chunk: Buffer): FramedPdu[] {
    this.feed(chunk);
    const complete: FramedPdu[] = [];
    for (let pdu = this.next(); pdu !== undefined; pdu = this.next()) complete.push(pdu);
    return complete;
  }

  /** Buffers bytes (checking the association's byte budget); take the PDUs with `next()`. */
  feed(chunk: Buffer): void {
    this.#guard(() => {
      this.#received += chunk.length;
      if (this.#received > this.#options.maxAssociationBytes) {
        throw new PduProtocolError(
          AbortReason.NotSpecified,
          `association sent more than ${this.#options.maxAssociationBytes} bytes`,
        );
      }
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    });
  }

  /**
   * The next complete PDU, or undefined. One at a time, so that what a PDU changes (the contexts an
   * A-ASSOCIATE-RQ gets accepted) applies to the PDUs after it, even when they came in one chunk.
   */
  next(): FramedPdu | undefined {
    return this.#guard(() => this.#take());
  }

  #guard<T>(run: () => T): T {
    if (this.#failed) throw this.#failed;
    try {
      return run();
    } catch (error) {
      if (error instanceof PduProtocolError) this.#failed = error;
      throw error;
    }
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

  #take(): FramedPdu | undefined {
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
    if (head.type !== PduType.PData) return { type: head.type, forLibrary: [bytes], datasets: [] };
    return { type: head.type, ...this.#messages.take(bytes, HEADER_LENGTH) };
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
}
