import { fromNaturalized } from '../dataset-shape.ts';
import { createDicomDictionary } from '../dictionary.ts';
import { ScuConnectionError } from '../errors.ts';
import { Dataset, requests, type LibDataset } from '../lib.ts';
import { SopClassUid, isPendingStatus } from '../status.ts';
import type { DicomDataset } from '../types.ts';
import { openAssociation } from './association.ts';
import { requestElements } from './request-elements.ts';
import type { FindScuOptions, FindScuResult, ScuPeer } from './types.ts';

interface LibFindResponse {
  getStatus(): number;
  getErrorComment(): string | undefined;
  hasDataset(): boolean;
  getDataset(): LibDataset | undefined;
}

/**
 * One Modality Worklist C-FIND on its own association: every match (pending response) and the final
 * status. dcmjs parses the responses, so text inside sequence items is read as Latin-1 whatever the
 * peer's Specific Character Set (a dcmjs 0.50 limitation); top-level text is decoded correctly.
 */
export async function findScu(
  peer: ScuPeer,
  identifier: DicomDataset,
  options: FindScuOptions = {},
): Promise<FindScuResult> {
  const started = performance.now();
  const dictionary = createDicomDictionary();
  const request = new requests.CFindRequest();
  request.setAffectedSopClassUid(SopClassUid.ModalityWorklistFind);
  request.setDataset(new Dataset(requestElements(identifier)));
  const matches: DicomDataset[] = [];
  let final: { status: number; errorComment: string | undefined } | undefined;
  request.on('response', (response: LibFindResponse) => {
    const status = response.getStatus();
    if (isPendingStatus(status)) {
      const dataset = response.hasDataset() ? response.getDataset() : undefined;
      const match = dataset ? fromNaturalized(dataset.getElements(), dictionary) : {};
      matches.push(match);
      options.onMatch?.(match);
      return;
    }
    final = { status, errorComment: response.getErrorComment() || undefined };
  });
  const association = openAssociation(peer, [request], options);
  const cancel = () => {
    try {
      association.client.cancel(request);
    } catch {
      // Not connected (yet or any more): nothing to cancel.
    }
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await association.finished;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  if (!final) throw new ScuConnectionError('the association ended without a final C-FIND response');
  return { ...final, matches, durationMs: performance.now() - started };
}
