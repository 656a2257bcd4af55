import type { AssociationState } from './association-state.ts';
import { fromNaturalized } from './dataset-shape.ts';
import type { LibDataset } from './lib.ts';
import { describeError } from './log-safe.ts';
import type { ServerRuntime } from './runtime.ts';
import type { DicomDataset } from './types.ts';

/**
 * The data set of the request being dispatched, decoded by our own decoder from the raw bytes the
 * framer captured (correct character sets in sequence items). Falls back to dcmjs' parse when the
 * bytes are missing or do not decode. Must be called synchronously when the request arrives.
 */
export function requestDataset(
  runtime: ServerRuntime,
  state: AssociationState,
  dataset: LibDataset | undefined,
): DicomDataset | undefined {
  if (dataset === undefined) return undefined;
  const raw = state.receivedDatasets.shift();
  if (raw !== undefined) {
    try {
      return runtime.decoder.decode(raw, dataset.getTransferSyntaxUid());
    } catch (error) {
      runtime.logger.warn(
        { assocId: state.assocId, ...describeError(error) },
        'data set decoded by dcmjs instead',
      );
    }
  }
  return fromNaturalized(dataset.getElements(), runtime.dictionary);
}
