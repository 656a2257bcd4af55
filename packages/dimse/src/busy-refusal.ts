import { applyCommandFields } from './command-fields.ts';
import type { DatasetEncoder } from './dataset-encoder.ts';
import type { DicomDictionary } from './dictionary.ts';
import { useFastCommandSet } from './encoded-dataset.ts';
import {
  responses,
  type LibCEchoRequest,
  type LibCEchoResponse,
  type LibCFindRequest,
  type LibCFindResponse,
  type LibNCreateRequest,
  type LibNCreateResponse,
  type LibNSetRequest,
  type LibNSetResponse,
} from './lib.ts';
import { DimseStatus } from './status.ts';

export type RefusableRequest = 'C-ECHO' | 'C-FIND' | 'N-CREATE' | 'N-SET';
export type LibRequest = LibCEchoRequest | LibCFindRequest | LibNCreateRequest | LibNSetRequest;
export type LibResponse = LibCEchoResponse | LibCFindResponse | LibNCreateResponse | LibNSetResponse;

/** Status for a request refused because another operation runs on its association (PS3.7 C.5). */
export const BUSY_STATUS: Readonly<Record<RefusableRequest, number>> = {
  'C-FIND': DimseStatus.OutOfResources,
  'C-ECHO': DimseStatus.ResourceLimitation,
  'N-CREATE': DimseStatus.ResourceLimitation,
  'N-SET': DimseStatus.ResourceLimitation,
};

export const BUSY_COMMENT = 'One operation at a time';

/** The immediate final response refusing `request`. */
export function busyRefusal(
  what: RefusableRequest,
  request: LibRequest,
  encoder: DatasetEncoder,
  dictionary: DicomDictionary,
): LibResponse {
  let response: LibResponse;
  if (what === 'C-FIND') {
    const find = responses.CFindResponse.fromRequest(request as LibCFindRequest);
    find.setAffectedSopClassUid((request as LibCFindRequest).getAffectedSopClassUid());
    response = find;
  } else if (what === 'C-ECHO') response = responses.CEchoResponse.fromRequest(request);
  else if (what === 'N-CREATE') response = responses.NCreateResponse.fromRequest(request);
  else response = responses.NSetResponse.fromRequest(request);
  useFastCommandSet(response, encoder);
  response.setStatus(BUSY_STATUS[what]);
  applyCommandFields(response.getCommandDataset(), { errorComment: BUSY_COMMENT }, dictionary);
  return response;
}
