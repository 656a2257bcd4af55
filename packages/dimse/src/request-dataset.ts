import type { AssociationState } from './association-state.ts';
import type { LibDataset } from './lib.ts';
import { describeError } from './log-safe.ts';
import type { ServerRuntime } from './runtime.ts';
import type { DicomDataset } from './types.ts';

/** The data set of a request, as the operation runners see it. */
export type RequestDataset =
  | { kind: 'none' }
  | { kind: 'ok'; dataset: DicomDataset }
  /** Larger than the budget for its request; its bytes were dropped on arrival. */
  | { kind: 'oversized'; bytes: number }
  /** Does not decode (or breaks a shape limit); never replaced by a partial parse. */
  | { kind: 'malformed' };

/**
 * The data set of the request being dispatched, decoded by our own decoder from the raw bytes the
 * framer collected (dcmjs-dimse only ever saw an empty stand-in). Must be called synchronously when
 * the request arrives, once per request that announced a data set.
 */
export function requestDataset(
  runtime: ServerRuntime,
  state: AssociationState,
  dataset: LibDataset | undefined,
): RequestDataset {
  if (dataset === undefined) return { kind: 'none' };
  const received = state.receivedDatasets.shift();
  if (received === undefined) return { kind: 'malformed' };
  if (received.bytes === undefined) return { kind: 'oversized', bytes: received.oversized };
  try {
    return { kind: 'ok', dataset: runtime.decoder.decode(received.bytes, dataset.getTransferSyntaxUid()) };
  } catch (error) {
    runtime.logger.warn({ assocId: state.assocId, ...describeError(error) }, 'malformed data set refused');
    return { kind: 'malformed' };
  }
}
