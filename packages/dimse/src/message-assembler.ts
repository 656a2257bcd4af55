import { readCommandSet } from './command-set.ts';
import { AbortReason, PduProtocolError } from './pdu-errors.ts';

/**
 * Reassembles DIMSE messages from the PDV items of P-DATA-TF PDUs, in the order PS3.7/PS3.8 allow:
 * command fragments up to the last one, then (only when the command announces one) data-set
 * fragments up to the last one, on the same presentation context. Commands and data sets have
 * budgets of their own that restart only when their own message part completes, so interleaving
 * fragments cannot dodge them.
 *
 * It also rewrites what dcmjs-dimse gets to see: each PDV in a P-DATA-TF of its own (so the library
 * dispatches one message per hand-over), command fragments unchanged, and a data set as a single
 * empty last fragment. We decode data sets ourselves from the bytes collected here; the library's
 * own parse (dcmjs, unbounded recursion, partial results on error) never sees them.
 */

export interface MessageLimits {
  /** Largest command set (sum of its fragments). */
  maxCommandBytes: number;
  /** Largest data set accepted with a request of this Command Field; beyond it the bytes are dropped. */
  maxDatasetBytes(commandField: number): number;
  /** Presentation contexts accepted on this association. */
  isAcceptedContext(contextId: number): boolean;
}

/** The data set of a request, as collected: bytes, or `oversized` when they went past the budget. */
export type ReceivedDataset =
  { bytes: Buffer; oversized?: undefined } | { bytes?: undefined; oversized: number };

export interface AssembledPData {
  /** P-DATA-TF PDUs for dcmjs-dimse, one PDV each, in order. */
  forLibrary: Buffer[];
  /** Data sets completed by this PDU, in order. */
  datasets: ReceivedDataset[];
}

function violation(message: string): PduProtocolError {
  return new PduProtocolError(AbortReason.InvalidPduParameterValue, message);
}

function singlePdv(contextId: number, control: number, value: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + value.length);
  out.writeUInt8(0x04, 0);
  out.writeUInt8(0, 1);
  out.writeUInt32BE(6 + value.length, 2);
  out.writeUInt32BE(2 + value.length, 6);
  out.writeUInt8(contextId, 10);
  out.writeUInt8(control, 11);
  value.copy(out, 12);
  return out;
}

export class MessageAssembler {
  readonly #limits: MessageLimits;
  #expecting: 'command' | 'dataset' = 'command';
  #contextId = -1;
  #command: Buffer[] = [];
  #commandBytes = 0;
  #dataset: Buffer[] = [];
  #datasetBytes = 0;
  #datasetLimit = 0;

  constructor(limits: MessageLimits) {
    this.#limits = limits;
  }

  /** The variable part of one P-DATA-TF PDU (header already checked by the framer). */
  take(pdu: Buffer, start: number): AssembledPData {
    const out: AssembledPData = { forLibrary: [], datasets: [] };
    let offset = start;
    while (offset < pdu.length) {
      if (offset + 6 > pdu.length) throw violation('truncated PDV item');
      const itemLength = pdu.readUInt32BE(offset);
      if (itemLength < 2 || itemLength > pdu.length - offset - 4) {
        throw violation(`PDV item length ${itemLength} out of bounds`);
      }
      const contextId = pdu.readUInt8(offset + 4);
      const control = pdu.readUInt8(offset + 5);
      const value = pdu.subarray(offset + 6, offset + 4 + itemLength);
      offset += 4 + itemLength;
      if (!this.#limits.isAcceptedContext(contextId)) {
        throw violation(`PDV on presentation context ${contextId}, which was not accepted`);
      }
      if (control > 3) throw violation(`PDV control header 0x${control.toString(16)}`);
      if ((control & 1) !== 0) this.#commandFragment(contextId, control, value, out);
      else this.#datasetFragment(contextId, control, value, out);
    }
    return out;
  }

  #commandFragment(contextId: number, control: number, value: Buffer, out: AssembledPData): void {
    if (this.#expecting === 'dataset') throw violation('command fragment while a data set was due');
    if (this.#command.length > 0 && contextId !== this.#contextId) {
      throw violation('command fragments on different presentation contexts');
    }
    this.#contextId = contextId;
    this.#commandBytes += value.length;
    if (this.#commandBytes > this.#limits.maxCommandBytes) {
      throw violation(`command set exceeds ${this.#limits.maxCommandBytes} bytes`);
    }
    this.#command.push(value);
    if ((control & 2) === 0) return;
    const bytes = Buffer.concat(this.#command, this.#commandBytes);
    this.#command = [];
    this.#commandBytes = 0;
    const summary = readCommandSet(bytes);
    if (typeof summary === 'string') throw violation(summary);
    out.forLibrary.push(singlePdv(contextId, 3, bytes));
    if (summary.hasDataset) {
      this.#expecting = 'dataset';
      this.#datasetLimit = this.#limits.maxDatasetBytes(summary.commandField);
    }
  }

  #datasetFragment(contextId: number, control: number, value: Buffer, out: AssembledPData): void {
    if (this.#expecting === 'command') throw violation('data set fragment without a command announcing it');
    if (contextId !== this.#contextId)
      throw violation('data set on another presentation context than its command');
    this.#datasetBytes += value.length;
    if (this.#datasetBytes <= this.#datasetLimit) this.#dataset.push(value);
    else this.#dataset = [];
    if ((control & 2) === 0) return;
    out.datasets.push(
      this.#datasetBytes <= this.#datasetLimit
        ? { bytes: Buffer.concat(this.#dataset, this.#datasetBytes) }
        : { oversized: this.#datasetBytes },
    );
    this.#dataset = [];
    this.#datasetBytes = 0;
    this.#expecting = 'command';
    out.forLibrary.push(singlePdv(contextId, 2, Buffer.alloc(0)));
  }
}
