import net from 'node:net';
import { buildAssociateRq, RELEASE_RQ } from '@mwl/dimse/testing';

/**
 * A minimal in-process Modality Worklist C-FIND SCU on raw PDUs, for the bench only: spawning
 * `findscu` costs ~74 ms per query, which would hide the gateway's own cost. It proposes Implicit
 * VR Little Endian, sends one pre-encoded identifier, counts Pending responses and reads the final
 * status. It parses only what it needs: PDU framing, PDV headers and (0000,0900) Status.
 */

const MWL_FIND = '1.2.840.10008.5.1.4.31';
const IMPLICIT_LE = '1.2.840.10008.1.2';

export interface ScuPeer {
  host: string;
  port: number;
  calledAeTitle: string;
  callingAeTitle: string;
}

export interface FindOutcome {
  matches: number;
  status: number;
  /** From connect to the final C-FIND response. */
  ms: number;
  /** From sending the C-FIND request to its first Pending response (NaN when none came). */
  firstPendingMs: number;
  /** From connect to the A-ASSOCIATE-AC. */
  associatedMs: number;
}

function element(group: number, elementNumber: number, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNumber, 2);
  head.writeUInt32LE(value.length, 4);
  return Buffer.concat([head, value]);
}

/** Text element, padded to even length (space; NUL for UIDs). */
export function text(tag: number, value: string, uid = false): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const padded = bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from(uid ? [0] : [0x20])]);
  return element(tag >>> 16, tag & 0xffff, padded);
}

function us(tag: number, value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value, 0);
  return element(tag >>> 16, tag & 0xffff, bytes);
}

/** A sequence of one item, undefined lengths (elements given in tag order). */
export function sequence(tag: number, item: Buffer[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.writeUInt32LE(0xffffffff, 4);
  const marker = (e: number, length: number) => {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(0xfffe, 0);
    b.writeUInt16LE(e, 2);
    b.writeUInt32LE(length, 4);
    return b;
  };
  return Buffer.concat([head, marker(0xe000, 0xffffffff), ...item, marker(0xe00d, 0), marker(0xe0dd, 0)]);
}

function findCommand(messageId: number): Buffer {
  const body = Buffer.concat([
    text(0x00000002, MWL_FIND, true),
    us(0x00000100, 0x0020),
    us(0x00000110, messageId),
    us(0x00000700, 0),
    us(0x00000800, 0x0000),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([element(0, 0, length), body]);
}

function pData(contextId: number, control: number, data: Buffer): Buffer {
  const pdv = Buffer.alloc(6);
  pdv.writeUInt32BE(data.length + 2, 0);
  pdv.writeUInt8(contextId, 4);
  pdv.writeUInt8(control, 5);
  const head = Buffer.alloc(6);
  head.writeUInt8(0x04, 0);
  head.writeUInt32BE(pdv.length + data.length, 2);
  return Buffer.concat([head, pdv, data]);
}

/** (0000,0900) of an Implicit VR LE command set. */
function statusOf(command: Buffer): number | undefined {
  for (let offset = 0; offset + 8 <= command.length;) {
    const group = command.readUInt16LE(offset);
    const elementNumber = command.readUInt16LE(offset + 2);
    const length = command.readUInt32LE(offset + 4);
    if (group === 0 && elementNumber === 0x0900) return command.readUInt16LE(offset + 8);
    offset += 8 + length;
  }
  return undefined;
}

/**
 * Longest silence of the gateway within one association (connect, each PDU): a gateway that stops
 * answering ends the query with an error outcome instead of holding its client forever.
 */
const IDLE_TIMEOUT_MS = 30_000;

/** Buffers socket data and hands out whole PDUs. */
class PduReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: (() => void) | undefined;
  #closed = false;
  #error: Error | undefined;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#waiting?.();
    });
    socket.on('error', (error) => {
      this.#error ??= error;
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#waiting?.();
    });
  }

  async next(): Promise<{ type: number; body: Buffer }> {
    for (;;) {
      if (this.#buffer.length >= 6) {
        const length = this.#buffer.readUInt32BE(2);
        if (this.#buffer.length >= 6 + length) {
          const pdu = { type: this.#buffer.readUInt8(0), body: this.#buffer.subarray(6, 6 + length) };
          this.#buffer = this.#buffer.subarray(6 + length);
          return pdu;
        }
      }
      if (this.#closed) throw this.#error ?? new Error('connection closed');
      await new Promise<void>((resolve) => (this.#waiting = resolve));
      this.#waiting = undefined;
    }
  }
}

/** A connected socket that destroys itself after IDLE_TIMEOUT_MS without traffic. */
function connect(peer: ScuPeer): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: peer.host, port: peer.port }, () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.setTimeout(IDLE_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer from the gateway within ${IDLE_TIMEOUT_MS} ms`)),
    );
    socket.once('error', reject);
  });
}

/** The bytes one SCU sends for every query, encoded once (a load generator's CPU is the gateway's). */
export interface PreparedFind {
  peer: ScuPeer;
  associateRq: Buffer;
  /** The C-FIND-RQ command and its identifier: two P-DATA-TF PDUs, sent in one write. */
  request: Buffer;
}

export function prepareFind(peer: ScuPeer, identifier: Buffer): PreparedFind {
  return {
    peer,
    associateRq: buildAssociateRq({
      calledAeTitle: peer.calledAeTitle,
      callingAeTitle: peer.callingAeTitle,
      contexts: [{ id: 1, abstractSyntaxUid: MWL_FIND, transferSyntaxUids: [IMPLICIT_LE] }],
      maxPduLength: 65_536,
    }),
    request: Buffer.concat([pData(1, 0x03, findCommand(1)), pData(1, 0x02, identifier)]),
  };
}

/** One association, one prepared C-FIND, then release. */
export async function findOnce(prepared: PreparedFind): Promise<FindOutcome> {
  const started = performance.now();
  const socket = await connect(prepared.peer);
  const reader = new PduReader(socket);
  try {
    socket.write(prepared.associateRq);
    const answer = await reader.next();
    if (answer.type !== 0x02) throw new Error(`association not accepted (PDU type ${answer.type})`);
    const asked = performance.now();
    const associatedMs = asked - started;
    socket.write(prepared.request);

    let matches = 0;
    let firstPendingMs = Number.NaN;
    let command: Buffer[] = [];
    for (;;) {
      const { type, body } = await reader.next();
      if (type !== 0x04) throw new Error(`unexpected PDU type ${type}`);
      for (let offset = 0; offset + 6 <= body.length;) {
        const length = body.readUInt32BE(offset);
        const control = body.readUInt8(offset + 5);
        if (control & 0x01) {
          command.push(body.subarray(offset + 6, offset + 4 + length));
          if (control & 0x02) {
            const status = statusOf(Buffer.concat(command)) ?? -1;
            command = [];
            if (status === 0xff00 || status === 0xff01) {
              if (matches === 0) firstPendingMs = performance.now() - asked;
              matches++;
            } else {
              const ms = performance.now() - started;
              socket.write(RELEASE_RQ);
              await reader.next().catch(() => undefined);
              return { matches, status, ms, firstPendingMs, associatedMs };
            }
          }
        }
        offset += 4 + length;
      }
    }
  } finally {
    socket.destroy();
  }
}
