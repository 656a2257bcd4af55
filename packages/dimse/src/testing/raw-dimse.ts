import type net from 'node:net';
import { createDatasetDecoder } from '../dataset-decoder.ts';
import { createDatasetEncoder } from '../dataset-encoder.ts';
import { createDicomDictionary } from '../dictionary.ts';
import { TransferSyntaxUid } from '../status.ts';
import type { DicomDataset } from '../types.ts';
import { pdu } from './raw-association.ts';

/**
 * DIMSE messages on raw PDUs, for tests that need what dcmtk will not do: pipelined requests, odd
 * fragmentation, thousands of requests on one association. Builds P-DATA-TF PDUs from command
 * fields and reads the peer's answers back as parsed command sets.
 */

const dictionary = createDicomDictionary();
const encoder = createDatasetEncoder(dictionary);
const decoder = createDatasetDecoder(dictionary);

export const CommandField = {
  CEchoRq: 0x0030,
  CFindRq: 0x0020,
  CCancelRq: 0x0fff,
  NCreateRq: 0x0140,
  NSetRq: 0x0120,
} as const;

/** A command set (group 0000, Implicit VR LE) with its group length, from keywords. */
export function commandSet(fields: Record<string, unknown>): Buffer {
  return encoder.encodeCommand(fields);
}

/** A data set as Implicit VR Little Endian bytes. */
export function implicitDataset(dataset: DicomDataset): Buffer {
  return encoder.encode(dataset, TransferSyntaxUid.ImplicitVrLittleEndian);
}

/** One PDV item (control bit 0: command, bit 1: last fragment). */
export function pdv(contextId: number, control: number, value: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32BE(value.length + 2, 0);
  head.writeUInt8(contextId, 4);
  head.writeUInt8(control, 5);
  return Buffer.concat([head, value]);
}

export const PdvControl = { DatasetFragment: 0, Command: 1, LastDatasetFragment: 2, LastCommand: 3 } as const;

/** A P-DATA-TF PDU of the given PDV items. */
export function pData(...items: Buffer[]): Buffer {
  return pdu(0x04, Buffer.concat(items));
}

/** A C-ECHO-RQ as one PDU. */
export function echoRequest(contextId: number, messageId: number): Buffer {
  return pData(
    pdv(
      contextId,
      PdvControl.LastCommand,
      commandSet({
        AffectedSOPClassUID: '1.2.840.10008.1.1',
        CommandField: CommandField.CEchoRq,
        MessageID: messageId,
        CommandDataSetType: 0x0101,
      }),
    ),
  );
}

/** A Modality Worklist C-FIND-RQ: command PDU, then the identifier in PDUs of `fragmentBytes` (default: one). */
export function findRequest(
  contextId: number,
  messageId: number,
  identifier: DicomDataset | Buffer,
  fragmentBytes = Infinity,
): Buffer {
  const bytes = Buffer.isBuffer(identifier) ? identifier : implicitDataset(identifier);
  const fragments: Buffer[] = [];
  for (let at = 0; at < bytes.length || at === 0; at += fragmentBytes) {
    const last = at + fragmentBytes >= bytes.length;
    const control = last ? PdvControl.LastDatasetFragment : PdvControl.DatasetFragment;
    fragments.push(pData(pdv(contextId, control, bytes.subarray(at, at + fragmentBytes))));
    if (last) break;
  }
  return Buffer.concat([
    pData(
      pdv(
        contextId,
        PdvControl.LastCommand,
        commandSet({
          AffectedSOPClassUID: '1.2.840.10008.5.1.4.31',
          CommandField: CommandField.CFindRq,
          MessageID: messageId,
          Priority: 0,
          CommandDataSetType: 0x0000,
        }),
      ),
    ),
    ...fragments,
  ]);
}

export interface DimseAnswer {
  commandField: number;
  messageIdBeingRespondedTo: number;
  status: number;
  hasDataset: boolean;
}

/** What a peer sent back: DIMSE responses in order, and how the association ended (if it did). */
export interface DimseReader {
  readonly answers: DimseAnswer[];
  /** PDU types other than P-DATA-TF, in order (0x06 release response, 0x07 abort). */
  readonly otherPdus: number[];
  closed: boolean;
  /** Resolves once `predicate` holds (checked after every PDU) or rejects after `timeoutMs`. */
  until(predicate: (reader: DimseReader) => boolean, timeoutMs?: number): Promise<void>;
}

/** Starts reading PDUs from an established association's socket. */
export function readDimse(socket: net.Socket): DimseReader {
  let buffered = Buffer.alloc(0);
  let command: Buffer[] = [];
  const waiters = new Set<() => void>();
  const reader: DimseReader = {
    answers: [],
    otherPdus: [],
    closed: false,
    until(predicate, timeoutMs = 10_000) {
      if (predicate(reader)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!predicate(reader)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms (${reader.answers.length} answers)`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
  };
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  const onPData = (body: Buffer): void => {
    for (let at = 0; at + 6 <= body.length;) {
      const length = body.readUInt32BE(at);
      const control = body.readUInt8(at + 5);
      if ((control & 1) !== 0) {
        command.push(body.subarray(at + 6, at + 4 + length));
        if ((control & 2) !== 0) {
          const fields = decoder.decode(Buffer.concat(command), TransferSyntaxUid.ImplicitVrLittleEndian);
          command = [];
          reader.answers.push({
            commandField: Number(fields['CommandField']),
            messageIdBeingRespondedTo: Number(fields['MessageIDBeingRespondedTo']),
            status: Number(fields['Status']),
            hasDataset: fields['CommandDataSetType'] !== 0x0101,
          });
        }
      }
      at += 4 + length;
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 6 && buffered.length >= 6 + buffered.readUInt32BE(2)) {
      const type = buffered.readUInt8(0);
      const body = buffered.subarray(6, 6 + buffered.readUInt32BE(2));
      buffered = buffered.subarray(6 + body.length);
      if (type === 0x04) onPData(body);
      else reader.otherPdus.push(type);
    }
    notify();
  });
  socket.on('close', () => {
    reader.closed = true;
    notify();
  });
  socket.resume();
  return reader;
}
