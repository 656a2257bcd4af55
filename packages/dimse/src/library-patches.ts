import { readPlainCommandElements } from './command-elements.ts';

/**
 * Fixes for dcmjs-dimse 0.3.3 bugs, applied from the outside (no fork, no patch of its files). Each
 * one is reported upstream in docs/dcmjs-dimse-upstream.md and has a fault test that fails without it
 * (dimse-edge.fault.test.ts). The other two reported bugs are avoided rather than patched: a tiny
 * proposed maximum PDU length is rejected at negotiation (negotiation.ts), and pipelined requests
 * are refused while an operation runs (association.ts). `skipNameMapCopy`, `compactWriteBuffers`,
 * `fasterMessageBuffers`, `fasterCommandSets` and `shortAssociationDescriptions` remove costs, not
 * bugs (same bytes or elements; measured by bench:mpps and bench:cfind), listed in the same document.
 */

/** The parts of the library's Network object the patches touch (private in 0.3.3). */
interface NetworkInternals {
  dimse?: unknown;
  dimseStream?: unknown;
  dimseStoreStream?: unknown;
}

/**
 * Bug 2: after a command without a data set (C-ECHO, C-CANCEL, ...) the library dispatches the
 * command but keeps its message buffer, so every later command set is parsed together with all the
 * earlier ones (O(n²) per association). Called after every hand-over of one PDV: when no message is
 * half-received (`dimse` unset), nothing in the buffer is still needed.
 */
export function clearLibraryMessageBuffer(network: object): void {
  const internals = network as NetworkInternals;
  if (internals.dimse === undefined) {
    internals.dimseStream = undefined;
    internals.dimseStoreStream = undefined;
  }
}

/**
 * Cost, not a bug: dcmjs-dimse defaults its `datasetNameMap` option to `{}`, and because an empty
 * object is truthy, every data set it writes first copies dcmjs's whole dictionary into a merged
 * name map (`{...nameMap, ...{}}`: thousands of entries). That copy was a quarter of bench:mpps's
 * CPU. With the option unset the library encodes with dcmjs's own map: the same bytes.
 */
export function skipNameMapCopy(network: object): void {
  (network as { datasetNameMap?: unknown }).datasetNameMap = undefined;
}

/** dcmjs's `data` namespace as far as `compactWriteBuffers` touches it. */
interface DcmjsData {
  WriteBufferStream: new (defaultSize?: number, littleEndian?: boolean) => object;
}

/** First chunk of a data set dcmjs-dimse writes: a DIMSE command set or request fits in one. */
export const COMPACT_WRITE_CHUNK_BYTES = 16 * 1024;

/**
 * Cost, not a bug: dcmjs-dimse writes each data set and command set it sends through
 * `new WriteBufferStream()` with no size, and dcmjs then allocates a zero-filled 256 KiB chunk for a
 * message of a few hundred bytes (three per request: the data set, the command set and its group
 * length). That allocation was the largest single cost of an MPPS request in bench:mpps. Streams
 * grow chunk by chunk, so a smaller first chunk writes the same bytes. dcmjs-dimse takes the class
 * from dcmjs's exports when it loads, so this must run before it does (lib.ts); dcmjs's own
 * internal streams, which pass their sizes, are unaffected.
 */
export function compactWriteBuffers(data: DcmjsData): void {
  const Original = data.WriteBufferStream;
  // Once per dcmjs instance (a test runner may evaluate this module more than once).
  if (Original.name === 'CompactWriteBufferStream') return;
  data.WriteBufferStream = class CompactWriteBufferStream extends Original {
    constructor(defaultSize?: number, littleEndian?: boolean) {
      super(defaultSize ?? COMPACT_WRITE_CHUNK_BYTES, littleEndian);
    }
  };
}

/** memorystream's module export, as `fasterMessageBuffers` uses it. */
interface MemoryStreamModule {
  createWriteStream(): object;
}

/**
 * Cost, not a bug: dcmjs-dimse gathers each received message in a memorystream write stream, whose
 * `toBuffer` builds the result with the deprecated `new Buffer(size)`: a zero-filled allocation
 * plus Node's deprecation check for every command and data set received (~1.5% of the gateway's
 * CPU in bench:cfind). `Buffer.concat` gives the same bytes. The queue holds the PDV values
 * dcmjs-dimse wrote (Buffers); anything else is converted as the original did.
 */
export function fasterMessageBuffers(memoryStream: MemoryStreamModule): void {
  const writable = Object.getPrototypeOf(memoryStream.createWriteStream()) as { toBuffer(): Buffer };
  writable.toBuffer = function toBuffer(this: { queue: unknown[] }): Buffer {
    return Buffer.concat(
      this.queue.map((chunk) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string))),
    );
  };
}

/** dcmjs-dimse's Dataset class as far as `fasterCommandSets` touches it. */
interface LibraryDatasetClass {
  prototype: {
    _fromElementsBuffer: (
      this: unknown,
      buffer: Buffer,
      transferSyntaxUid: string,
      options: unknown,
    ) => Record<string, unknown>;
  };
}

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

/**
 * Cost, not a bug: dcmjs-dimse parses every received command set with dcmjs's general data set
 * reader (~50 µs). A plain command set is read by `readPlainCommandElements` into the same
 * elements; anything it does not answer for goes through the library's own parser.
 */
export function fasterCommandSets(dataset: LibraryDatasetClass): void {
  const proto = dataset.prototype;
  const original = proto._fromElementsBuffer;
  if (original.name === 'fromPlainCommandSet') return;
  proto._fromElementsBuffer = function fromPlainCommandSet(buffer, transferSyntaxUid, options) {
    return (
      (transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN && readPlainCommandElements(buffer)) ||
      original.call(this, buffer, transferSyntaxUid, options)
    );
  };
}

/** dcmjs-dimse's Association class as far as `shortAssociationDescriptions` touches it. */
interface LibraryAssociationClass {
  prototype: { toString(): string; getCallingAeTitle(): string; getCalledAeTitle(): string };
}

/**
 * Cost, not a bug: dcmjs-dimse formats the whole association for a log line when an A-ASSOCIATE-RQ
 * arrives and again when it answers, before its logger's level is checked (we silence it), and
 * names every UID by searching merged copies of its UID tables: ~1.5% of the gateway's CPU in
 * bench:mpps. The description becomes the two AE titles.
 */
export function shortAssociationDescriptions(association: LibraryAssociationClass): void {
  association.prototype.toString = function describe(this: LibraryAssociationClass['prototype']): string {
    return `${this.getCallingAeTitle()} -> ${this.getCalledAeTitle()}`;
  };
}
