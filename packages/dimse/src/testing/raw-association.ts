import net from 'node:net';

/**
 * Hand-built DICOM Upper Layer PDUs for tests that dcmtk cannot express: holding associations open,
 * proposing odd presentation contexts, sending malformed bytes.
 */

export interface RawContext {
  id: number;
  abstractSyntaxUid: string;
  transferSyntaxUids: readonly string[];
}

export interface AssociateRqOptions {
  calledAeTitle: string;
  callingAeTitle: string;
  contexts: readonly RawContext[];
  /** Max PDU length we announce (default 16384). */
  maxPduLength?: number;
}

const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.9.7433.1';

function item(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(type, 0);
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([head, body]);
}

function aeField(title: string): Buffer {
  return Buffer.from(title.padEnd(16, ' ').slice(0, 16), 'latin1');
}

/** Wraps a PDU body with its 6-byte header. */
export function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}

export function buildAssociateRq(options: AssociateRqOptions): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  aeField(options.calledAeTitle).copy(fixed, 4);
  aeField(options.callingAeTitle).copy(fixed, 20);
  const contexts = options.contexts.map((context) =>
    item(
      0x20,
      Buffer.concat([
        Buffer.from([context.id, 0, 0, 0]),
        item(0x30, Buffer.from(context.abstractSyntaxUid, 'latin1')),
        ...context.transferSyntaxUids.map((uid) => item(0x40, Buffer.from(uid, 'latin1'))),
      ]),
    ),
  );
  const maxPdu = Buffer.alloc(4);
  maxPdu.writeUInt32BE(options.maxPduLength ?? 16384, 0);
  const userInfo = item(
    0x50,
    Buffer.concat([item(0x51, maxPdu), item(0x52, Buffer.from(IMPLEMENTATION_CLASS_UID))]),
  );
  return pdu(
    0x01,
    Buffer.concat([fixed, item(0x10, Buffer.from(APPLICATION_CONTEXT)), ...contexts, userInfo]),
  );
}

export const RELEASE_RQ = pdu(0x05, Buffer.alloc(4));

export type AssociateOutcome =
  | {
      kind: 'accepted';
      maxPduLength: number;
      contexts: { id: number; result: number; transferSyntaxUid: string }[];
    }
  | { kind: 'rejected'; result: number; source: number; reason: number }
  | { kind: 'aborted'; source: number; reason: number }
  | { kind: 'closed' }
  | { kind: 'other'; type: number };

function parseAccept(body: Buffer): AssociateOutcome {
  const contexts: { id: number; result: number; transferSyntaxUid: string }[] = [];
  let maxPduLength = 0;
  let offset = 68;
  while (offset + 4 <= body.length) {
    const type = body.readUInt8(offset);
    const length = body.readUInt16BE(offset + 2);
    const value = body.subarray(offset + 4, offset + 4 + length);
    if (type === 0x21) {
      const tsLength = value.readUInt16BE(6);
      contexts.push({
        id: value.readUInt8(0),
        result: value.readUInt8(2),
        transferSyntaxUid: value
          .subarray(8, 8 + tsLength)
          .toString('latin1')
          .replace(/\0+$/, ''),
      });
    } else if (type === 0x50) {
      for (let sub = 0; sub + 4 <= value.length; sub += 4 + value.readUInt16BE(sub + 2)) {
        if (value.readUInt8(sub) === 0x51) maxPduLength = value.readUInt32BE(sub + 4);
      }
    }
    offset += 4 + length;
  }
  return { kind: 'accepted', maxPduLength, contexts };
}

/** Reads the next whole PDU from a socket; undefined when the socket closes first or on timeout. */
export function readPdu(
  socket: net.Socket,
  timeoutMs = 5_000,
): Promise<{ type: number; body: Buffer } | undefined> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const done = (result: { type: number; body: Buffer } | undefined): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      if (result && buffered.length > 6 + result.body.length)
        socket.unshift(buffered.subarray(6 + result.body.length));
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 6) return;
      const length = buffered.readUInt32BE(2);
      if (buffered.length >= 6 + length)
        done({ type: buffered.readUInt8(0), body: buffered.subarray(6, 6 + length) });
    };
    const onClose = (): void => done(undefined);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.resume();
  });
}

/** Opens a TCP connection; `localAddress` (e.g. 127.0.0.2) makes it come from another source address. */
export function connect(host: string, port: number, localAddress?: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, ...(localAddress !== undefined && { localAddress }) }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Connects, sends an A-ASSOCIATE-RQ and reports the answer. The socket stays open for the caller. */
export async function requestAssociation(
  peer: { host: string; port: number; localAddress?: string },
  options: AssociateRqOptions,
): Promise<{ socket: net.Socket; outcome: AssociateOutcome }> {
  const socket = await connect(peer.host, peer.port, peer.localAddress);
  socket.on('error', () => undefined);
  socket.write(buildAssociateRq(options));
  const answer = await readPdu(socket);
  if (answer === undefined) return { socket, outcome: { kind: 'closed' } };
  const { type, body } = answer;
  if (type === 0x02) return { socket, outcome: parseAccept(body) };
  if (type === 0x03) {
    return {
      socket,
      outcome: {
        kind: 'rejected',
        result: body.readUInt8(1),
        source: body.readUInt8(2),
        reason: body.readUInt8(3),
      },
    };
  }
  if (type === 0x07)
    return { socket, outcome: { kind: 'aborted', source: body.readUInt8(2), reason: body.readUInt8(3) } };
  return { socket, outcome: { kind: 'other', type } };
}

/** Resolves true when the peer closes the socket within `timeoutMs`. */
export function waitForClose(socket: net.Socket, timeoutMs = 5_000): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.resume();
    const closed = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('end', closed);
    socket.once('close', closed);
  });
}
