import type { DicomDataset, ScuPeer } from '@mwl/dimse';
import {
  commandSet,
  implicitDataset,
  pData,
  pdv,
  PdvControl,
  readDimse,
  RELEASE_RQ,
  requestAssociation,
} from '@mwl/dimse/testing';

/**
 * A minimal MPPS SCU on raw PDUs, for the bench only (as bench:cfind's raw C-FIND SCU): the
 * dcmjs-dimse Client spends more CPU per request than the gateway answering it, which on two cores
 * would measure the client. It proposes Implicit VR Little Endian, sends N-CREATE then N-SET on one
 * association, each once the previous is answered, and returns their statuses. CI's MPPS tests drive
 * the gateway with the dcmjs-dimse Client and dcmtk instead.
 */

const MPPS = '1.2.840.10008.3.1.2.3.3';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const N_CREATE_RQ = 0x0140;
const N_SET_RQ = 0x0120;
/** Longest wait for one answer: a silent gateway fails the pair instead of holding the bench. */
const ANSWER_TIMEOUT_MS = 30_000;

function request(command: Record<string, unknown>, dataset: DicomDataset): Buffer {
  return Buffer.concat([
    pData(pdv(1, PdvControl.LastCommand, commandSet({ ...command, CommandDataSetType: 0x0000 }))),
    pData(pdv(1, PdvControl.LastDatasetFragment, implicitDataset(dataset))),
  ]);
}

/** N-CREATE then N-SET of one MPPS instance on one association: their DIMSE statuses. */
export async function mppsPair(
  peer: ScuPeer,
  sopInstanceUid: string,
  create: DicomDataset,
  set: DicomDataset,
): Promise<number[]> {
  const { socket, outcome } = await requestAssociation(peer, {
    calledAeTitle: peer.calledAeTitle,
    callingAeTitle: peer.callingAeTitle,
    contexts: [{ id: 1, abstractSyntaxUid: MPPS, transferSyntaxUids: [IMPLICIT_LE] }],
    maxPduLength: 65_536,
  });
  try {
    if (outcome.kind !== 'accepted' || outcome.contexts[0]?.result !== 0) {
      throw new Error(`MPPS association not accepted: ${JSON.stringify(outcome)}`);
    }
    socket.setNoDelay(true);
    const reader = readDimse(socket);
    socket.write(
      request(
        {
          AffectedSOPClassUID: MPPS,
          CommandField: N_CREATE_RQ,
          MessageID: 1,
          AffectedSOPInstanceUID: sopInstanceUid,
        },
        create,
      ),
    );
    await reader.until((r) => r.answers.length >= 1 || r.closed, ANSWER_TIMEOUT_MS);
    socket.write(
      request(
        {
          RequestedSOPClassUID: MPPS,
          CommandField: N_SET_RQ,
          MessageID: 2,
          RequestedSOPInstanceUID: sopInstanceUid,
        },
        set,
      ),
    );
    await reader.until((r) => r.answers.length >= 2 || r.closed, ANSWER_TIMEOUT_MS);
    socket.write(RELEASE_RQ);
    await reader.until((r) => r.otherPdus.length > 0 || r.closed, ANSWER_TIMEOUT_MS);
    return reader.answers.map((answer) => answer.status);
  } finally {
    socket.destroy();
  }
}
