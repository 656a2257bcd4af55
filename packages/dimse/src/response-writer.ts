import type { Socket } from 'node:net';
import { C_FIND_RSP, DATA_SET_PRESENT } from './command-set.ts';
import type { DatasetEncoder } from './dataset-encoder.ts';
import { EncodedCommandDataset, EncodedDataset } from './encoded-dataset.ts';
import { DimseUsageError } from './errors.ts';
import type { LibAssociation, LibCFindRequest } from './lib.ts';
import type { LibRequest, LibResponse } from './busy-refusal.ts';
import { encodePData } from './pdata.ts';
import type { FindPendingStatus } from './types.ts';

/**
 * Responses written as P-DATA-TF PDUs by us rather than by dcmjs-dimse: their command sets and data
 * sets are our encoder's bytes already (`useFastCommandSet`, `EncodedDataset`), and the library's
 * send path adds per-message log formatting and PDU objects (~20 µs a response).
 */

/** A response's bytes when both its parts are ours; undefined when the library must write it. */
export function encodedResponse(response: LibResponse): { command: Buffer; dataset?: Buffer } | undefined {
  const command = response.getCommandDataset();
  const dataset = response.getDataset();
  if (!(command instanceof EncodedCommandDataset)) return undefined;
  if (dataset !== undefined && !(dataset instanceof EncodedDataset)) return undefined;
  return {
    command: command.getDenaturalizedCommandDataset(),
    ...(dataset !== undefined && { dataset: dataset.getDenaturalizedDataset() }),
  };
}

/** The command set the library's CFindResponse would carry (fromRequest, a data set attached). */
export function findPendingCommand(
  encoder: DatasetEncoder,
  request: LibCFindRequest,
  status: FindPendingStatus,
): Buffer {
  return encoder.encodeCommand({
    CommandField: C_FIND_RSP,
    CommandDataSetType: DATA_SET_PRESENT,
    Status: status,
    AffectedSOPClassUID: request.getAffectedSopClassUid(),
    MessageIDBeingRespondedTo: request.getMessageId(),
  });
}

/** One message's PDUs, as the library writes them, in one write on the request's context. */
export function writeMessage(
  socket: Socket,
  association: LibAssociation | undefined,
  request: LibRequest,
  message: { command: Buffer; dataset?: Buffer | undefined },
): void {
  const contextId = association
    ?.getAcceptedPresentationContextFromRequest(request)
    ?.getPresentationContextId();
  if (association === undefined || contextId === undefined) {
    throw new DimseUsageError('no accepted presentation context for the request');
  }
  socket.write(encodePData(contextId, message.command, message.dataset, association.getMaxPduLength()));
}
