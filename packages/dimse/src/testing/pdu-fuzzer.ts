import { SopClassUid, TransferSyntaxUid } from '../status.ts';
import type { DicomDataset } from '../types.ts';
import { buildAssociateRq, pdu, RELEASE_RQ } from './raw-association.ts';
import {
  commandSet,
  echoRequest,
  findRequest,
  implicitDataset,
  pData,
  pdv,
  PdvControl,
} from './raw-dimse.ts';

/**
 * A seeded generator of hostile DICOM Upper Layer traffic, for the fault suite and bench/fuzz:
 * random bytes, association requests with odd maximum PDU lengths, valid and mutated C-ECHO/C-FIND
 * requests, truncated, oversized, wrong-type and bit-flipped PDUs, fragments out of order, deep or
 * wide identifiers, pipelined requests. Same seed, same sessions.
 */

/** mulberry32: small, fast, good enough to drive a fuzzer; returns [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, max: number): number => Math.floor(rng() * max);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;

function randomBytes(rng: Rng, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = int(rng, 256);
  return out;
}

function flipBits(rng: Rng, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (let n = 1 + int(rng, 4); n > 0; n--) {
    const at = int(rng, out.length);
    out[at] = (out[at] as number) ^ (1 << int(rng, 8));
  }
  return out;
}

const CONTEXTS = [
  {
    id: 1,
    abstractSyntaxUid: SopClassUid.Verification,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
  {
    id: 3,
    abstractSyntaxUid: SopClassUid.ModalityWorklistFind,
    transferSyntaxUids: [TransferSyntaxUid.ImplicitVrLittleEndian],
  },
];
const MAX_PDU_CHOICES = [0, 1, 6, 7, 100, 1023, 1024, 4096, 16_384, 65_536, 0xffffffff];

/** An identifier: sometimes sane, sometimes deep, wide or full of odd values. */
function identifier(rng: Rng): DicomDataset {
  const shape = int(rng, 4);
  if (shape === 0) {
    let nested: DicomDataset = { CodeValue: 'X' };
    for (let depth = 1 + int(rng, 20); depth > 0; depth--)
      nested = { ScheduledProtocolCodeSequence: [nested] };
    return { PatientID: '', ScheduledProcedureStepSequence: [nested] };
  }
  if (shape === 1) {
    const items = Array.from({ length: 1 + int(rng, 1500) }, () => ({ Modality: 'MR' }));
    return { PatientID: '', ScheduledProcedureStepSequence: items };
  }
  const text = (): string => randomBytes(rng, int(rng, 40)).toString('latin1').replace(/\\/g, '');
  return {
    PatientID: pick(rng, ['', 'P1', '*', text()]),
    PatientName: pick(rng, ['', 'DOE^*', text()]),
    ScheduledProcedureStepSequence: [
      {
        Modality: pick(rng, ['', 'MR', 'CT']),
        ScheduledProcedureStepStartDate: pick(rng, ['', '20260310-', text()]),
      },
    ],
  };
}

/** One PDU after association (or what passes for one), and whether the session should stop after it. */
const WELL_FORMED_CASES = [0, 1, 2, 3, 4, 12];

function nextPdu(rng: Rng, messageId: number): { bytes: Buffer; last?: boolean } {
  // Half the time a well-formed request (so sessions get deep), else any case, hostile ones included.
  const choice = rng() < 0.5 ? pick(rng, WELL_FORMED_CASES) : int(rng, 16);
  switch (choice) {
    case 0:
      return { bytes: echoRequest(1, messageId) };
    case 1:
    case 2: {
      try {
        return { bytes: findRequest(3, messageId, identifier(rng)) };
      } catch {
        return { bytes: findRequest(3, messageId, { PatientID: '' }) };
      }
    }
    case 3: // identifier bytes that are not a data set
      return { bytes: findRequest(3, messageId, randomBytes(rng, 1 + int(rng, 2000))) };
    case 4: {
      // a C-FIND cut into many small fragments over several PDUs
      const command = commandSet({
        AffectedSOPClassUID: SopClassUid.ModalityWorklistFind,
        CommandField: 0x20,
        MessageID: messageId,
        Priority: 0,
        CommandDataSetType: 0,
      });
      const data = implicitDataset({ PatientID: '', PatientName: '' });
      const parts: Buffer[] = [];
      for (let at = 0; at < command.length; at += 7) {
        parts.push(
          pData(
            pdv(
              3,
              at + 7 >= command.length ? PdvControl.LastCommand : PdvControl.Command,
              command.subarray(at, at + 7),
            ),
          ),
        );
      }
      for (let at = 0; at < data.length; at += 5) {
        parts.push(
          pData(
            pdv(
              3,
              at + 5 >= data.length ? PdvControl.LastDatasetFragment : PdvControl.DatasetFragment,
              data.subarray(at, at + 5),
            ),
          ),
        );
      }
      return { bytes: Buffer.concat(parts) };
    }
    case 5: // a data-set fragment nobody announced, or a PDV on an unknown context
      return { bytes: pData(pdv(pick(rng, [1, 3, 5, 255]), int(rng, 4), randomBytes(rng, int(rng, 300)))) };
    case 6: // truncated: the header promises more than ever comes
      return { bytes: pdu(0x04, randomBytes(rng, 100)).subarray(0, 6 + int(rng, 100)), last: true };
    case 7: // oversized length in the header
      return {
        bytes: Buffer.concat([Buffer.from([0x04, 0, 0xff, 0xff, 0xff, int(rng, 256)]), randomBytes(rng, 64)]),
      };
    case 8: // a type that is unknown or not allowed here
      return {
        bytes: pdu(
          pick(rng, [0x00, 0x01, 0x02, 0x03, 0x06, 0x08, 0x44, 0xff]),
          randomBytes(rng, 4 + int(rng, 80)),
        ),
      };
    case 9:
      return { bytes: flipBits(rng, echoRequest(1, messageId)) };
    case 10:
      return { bytes: flipBits(rng, findRequest(3, messageId, { PatientID: '' })) };
    case 11: // PDV item lengths that do not add up
      return {
        bytes: pdu(0x04, Buffer.concat([Buffer.from([0, 0, 0xff, 0xff, 3, 3]), randomBytes(rng, 20)])),
      };
    case 12: // several requests at once
      return {
        bytes: Buffer.concat(
          Array.from({ length: 2 + int(rng, 8) }, (_, i) =>
            findRequest(3, (messageId + i) & 0xffff, { PatientID: '' }),
          ),
        ),
      };
    case 13:
      return { bytes: RELEASE_RQ, last: true };
    case 14:
      return { bytes: pdu(0x07, Buffer.from([0, 0, int(rng, 3), int(rng, 7)])), last: true };
    default:
      return { bytes: randomBytes(rng, 1 + int(rng, 64)) };
  }
}

export interface FuzzSession {
  /** The bytes to write, already cut into the chunks to write them in. */
  chunks: Buffer[];
  /** PDUs (or PDU-sized junk) in the session. */
  pdus: number;
}

/** One connection's worth of traffic. */
export function fuzzSession(rng: Rng, calledAeTitle: string, maxPdus = 40): FuzzSession {
  const pdus: Buffer[] = [];
  const opening = int(rng, 10);
  if (opening === 0) pdus.push(randomBytes(rng, 1 + int(rng, 4096)));
  else {
    const rq = buildAssociateRq({
      calledAeTitle: int(rng, 20) === 0 ? 'WRONG' : calledAeTitle,
      callingAeTitle: 'FUZZ',
      contexts: CONTEXTS,
      maxPduLength: pick(rng, MAX_PDU_CHOICES),
    });
    pdus.push(opening === 1 ? flipBits(rng, rq) : rq);
    for (let n = int(rng, maxPdus); n > 0; n--) {
      const next = nextPdu(rng, 1 + int(rng, 65_535));
      pdus.push(next.bytes);
      if (next.last) break;
    }
  }
  const stream = Buffer.concat(pdus);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length;) {
    const size = pick(rng, [1, 3, 17, 512, 4096, stream.length]);
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return { chunks, pdus: pdus.length };
}
