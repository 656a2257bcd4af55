import type { DatasetEncoder } from './dataset-encoder.ts';
import { Dataset, type LibDataset } from './lib.ts';

/**
 * A dcmjs-dimse Dataset that carries bytes we encoded ourselves. dcmjs-dimse asks a response's data
 * set for its bytes through `getDenaturalizedDataset`; answering with ready bytes skips the library's
 * per-response dictionary copy and, because the transfer syntax already is the accepted one, its
 * transcoding step. `getElements()` stays empty, so the library can never log the content.
 */
export class EncodedDataset extends Dataset {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer, transferSyntaxUid: string) {
    super({}, transferSyntaxUid);
    this.#bytes = bytes;
  }

  override getDenaturalizedDataset(): Buffer {
    return this.#bytes;
  }
}

/**
 * A command set that encodes itself with our encoder. dcmjs-dimse's own path writes each command
 * set through two dcmjs WriteBufferStreams, each allocating a zero-filled 256 KiB buffer: about a
 * millisecond per C-FIND response. The elements stay readable (`getElement`) for the library.
 */
export class EncodedCommandDataset extends Dataset {
  readonly #encoder: DatasetEncoder;

  constructor(elements: Record<string, unknown>, encoder: DatasetEncoder) {
    super(elements);
    this.#encoder = encoder;
  }

  override getDenaturalizedCommandDataset(): Buffer {
    return this.#encoder.encodeCommand(this.getElements());
  }
}

/** Swaps a response's command set for one that our encoder writes. */
export function useFastCommandSet<
  T extends { getCommandDataset(): LibDataset; setCommandDataset(dataset: LibDataset): void },
>(response: T, encoder: DatasetEncoder): T {
  response.setCommandDataset(new EncodedCommandDataset(response.getCommandDataset().getElements(), encoder));
  return response;
}
