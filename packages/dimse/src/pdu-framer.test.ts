import { describe, expect, it } from 'vitest';
import { AbortReason, PduFramer, PduProtocolError, abortPdu } from './pdu-framer.ts';

function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}
const associateRq = pdu(0x01, Buffer.alloc(68));
function pdv(control: number, size: number): Buffer {
  const b = Buffer.alloc(6 + size);
  b.writeUInt32BE(2 + size, 0);
  b.writeUInt8(1, 4);
  b.writeUInt8(control, 5);
  return b;
}
const framer = () => new PduFramer({ maxPduLength: 1024, maxMessageBytes: 3000 });

function violation(f: PduFramer, bytes: Buffer): number | undefined {
  try {
    f.push(bytes);
    return undefined;
  } catch (error) {
    return error instanceof PduProtocolError ? error.abortReason : -1;
  }
}

describe('PduFramer', () => {
  it('delivers whole PDUs however the bytes are split', () => {
    const f = framer();
    const stream = Buffer.concat([associateRq, pdu(0x04, pdv(3, 10)), pdu(0x05, Buffer.alloc(4))]);
    const out = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...f.push(stream.subarray(i, i + 3)));
    expect(out.map((p) => p.type)).toEqual([1, 4, 5]);
    expect(Buffer.concat(out.map((p) => p.bytes))).toEqual(stream);
  });

  it('delivers several PDUs arriving in one chunk', () => {
    const f = framer();
    expect(f.push(Buffer.concat([associateRq, pdu(0x05, Buffer.alloc(4))])).map((p) => p.type)).toEqual([
      1, 5,
    ]);
  });

  it.each([
    ['an unknown PDU type', pdu(0x09, Buffer.alloc(4)), AbortReason.UnrecognizedPdu],
    ['a P-DATA-TF before the A-ASSOCIATE-RQ', pdu(0x04, pdv(3, 2)), AbortReason.UnexpectedPdu],
    ['an A-ASSOCIATE-AC sent to an acceptor', pdu(0x02, Buffer.alloc(68)), AbortReason.UnexpectedPdu],
    [
      'a 4 GiB length in a header',
      Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xff]),
      AbortReason.InvalidPduParameterValue,
    ],
    [
      'an A-ASSOCIATE-RQ shorter than its fixed part',
      pdu(0x01, Buffer.alloc(10)),
      AbortReason.InvalidPduParameterValue,
    ],
  ])('refuses %s as the first PDU', (_case, bytes, reason) => {
    expect(violation(framer(), bytes)).toBe(reason);
  });

  it.each([
    ['a second A-ASSOCIATE-RQ', associateRq, AbortReason.UnexpectedPdu],
    ['a P-DATA-TF above maxPduLength', pdu(0x04, pdv(3, 1100)), AbortReason.InvalidPduParameterValue],
    [
      'a PDV item longer than its PDU',
      pdu(0x04, pdv(3, 10).subarray(0, 12)),
      AbortReason.InvalidPduParameterValue,
    ],
    [
      'a PDV item shorter than its header',
      pdu(0x04, Buffer.from([0, 0, 0, 1, 1, 3])),
      AbortReason.InvalidPduParameterValue,
    ],
    [
      'an A-RELEASE-RQ with a body of the wrong size',
      pdu(0x05, Buffer.alloc(8)),
      AbortReason.InvalidPduParameterValue,
    ],
  ])('refuses %s after the association request', (_case, bytes, reason) => {
    const f = framer();
    f.push(associateRq);
    expect(violation(f, bytes)).toBe(reason);
  });

  it('refuses a message whose fragments add up past maxMessageBytes, and counts per message', () => {
    const f = framer();
    f.push(associateRq);
    for (let i = 0; i < 5; i++) f.push(pdu(0x04, Buffer.concat([pdv(0, 500), pdv(2, 500)])));
    expect(
      violation(
        f,
        Buffer.concat([
          pdu(0x04, pdv(0, 1000)),
          pdu(0x04, pdv(0, 1000)),
          pdu(0x04, pdv(0, 1000)),
          pdu(0x04, pdv(0, 1000)),
        ]),
      ),
    ).toBe(AbortReason.InvalidPduParameterValue);
  });

  it('stays failed after a violation', () => {
    const f = framer();
    expect(violation(f, pdu(0x09, Buffer.alloc(4)))).toBe(AbortReason.UnrecognizedPdu);
    expect(violation(f, associateRq)).toBe(AbortReason.UnrecognizedPdu);
  });

  it('builds a 10-byte A-ABORT with source and reason', () => {
    expect([...abortPdu(6)]).toEqual([7, 0, 0, 0, 0, 4, 0, 0, 2, 6]);
  });
});
