import { ScuConnectionError } from '../errors.ts';
import { Dataset, requests } from '../lib.ts';
import { SopClassUid } from '../status.ts';
import { openAssociation, type LibRequest } from './association.ts';
import { requestElements } from './request-elements.ts';
import type { MppsScuAnswer, MppsScuRequest, ScuOptions, ScuPeer } from './types.ts';

interface LibNResponse {
  getStatus(): number;
  getAffectedSopInstanceUid(): string | undefined;
  getCommandDataset(): { getElement(name: string): unknown };
}

function numbers(value: unknown): number[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? (value as unknown[]) : [value]).map(Number).filter(Number.isInteger);
}

/**
 * Modality Performed Procedure Step N-CREATE / N-SET requests, in order, on ONE association (the
 * next is sent once the previous is answered), as a modality reports a procedure step. Returns
 * every answer: status, Error ID, Error Comment, Attribute Identifier List and, for N-CREATE, the
 * Affected SOP Instance UID. Throws `ScuConnectionError` when a request got no answer (the
 * association ended early, or the peer did not accept the MPPS presentation context).
 */
export async function mppsScu(
  peer: ScuPeer,
  operations: readonly MppsScuRequest[],
  options: ScuOptions = {},
): Promise<MppsScuAnswer[]> {
  const answers: (MppsScuAnswer | undefined)[] = operations.map(() => undefined);
  const libRequests: LibRequest[] = operations.map((operation, index) => {
    const request =
      operation.kind === 'n-create'
        ? new requests.NCreateRequest(
            SopClassUid.ModalityPerformedProcedureStep,
            operation.sopInstanceUid ?? '',
          )
        : new requests.NSetRequest(SopClassUid.ModalityPerformedProcedureStep, operation.sopInstanceUid);
    request.setDataset(new Dataset(requestElements(operation.dataset)));
    request.on('response', (response: LibNResponse) => {
      const command = response.getCommandDataset();
      const errorId = command.getElement('ErrorID');
      const errorComment = command.getElement('ErrorComment');
      answers[index] = {
        status: response.getStatus(),
        ...(typeof errorId === 'number' && { errorId }),
        ...(typeof errorComment === 'string' && errorComment !== '' && { errorComment }),
        attributeIdentifierList: numbers(command.getElement('AttributeIdentifierList')),
        ...(operation.kind === 'n-create' && {
          affectedSopInstanceUid: response.getAffectedSopInstanceUid(),
        }),
      };
    });
    return request;
  });
  await openAssociation(peer, libRequests, options).finished;
  const missing = answers.findIndex((answer) => answer === undefined);
  if (missing >= 0) {
    throw new ScuConnectionError(`MPPS request ${missing + 1} of ${operations.length} got no answer`);
  }
  return answers as MppsScuAnswer[];
}
