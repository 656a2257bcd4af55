import { describe, expect, it } from 'vitest';
import { AbortReason, PduFramer, PduProtocolError, abortPdu } from './pdu-framer.ts';
import { commandSet } from './testing/raw-dimse.ts';

function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}
const associateRq = pdu(0x01, Buffer.alloc(68));
function pdv(control: number, size: number, value?: Buffer): Buffer {
  const b = Buffer.alloc(6 + size);
  b.writeUInt32BE(2 + size, 0);
  b.writeUInt8(1, 4);
  b.writeUInt8(control, 5);
  value?.copy(b, 6);
  return b;
}
/** A complete command set announcing a data set (C-FIND-RQ) or not (C-ECHO-RQ). */
function command(withDataset: boolean): Buffer {
  const bytes = commandSet({
    CommandField: withDataset ? 0x20 : 0x30,
    MessageID: 1,
    CommandDataSetType: withDataset ? 0 : 0x0101,
  });
  return pdv(3, bytes.length, bytes);
}
const framer = (maxAssociationBytes = 1_000_000) =>
  new PduFramer({
    maxPduLength: 1024,
    maxCommandBytes: 600,
    maxDatasetBytes: () => 3000,
    maxAssociationBytes,
    isAcceptedContext: (id) => id === 1,
  });

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
    const release = pdu(0x05, Buffer.alloc(4));
    const stream = Buffer.concat([associateRq, pdu(0x04, command(false)), release]);
    const out = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...f.push(stream.subarray(i, i + 3)));
    expect(out.map((p) => p.type)).toEqual([1, 4, 5]);
    expect(out[0]?.forLibrary).toEqual([associateRq]);
    expect(out[1]?.forLibrary).toEqual([pdu(0x04, command(false))]);
    expect(out[2]?.forLibrary).toEqual([release]);
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

  it('hands the library one PDV per PDU and a data set as an empty last fragment', () => {
    const f = framer();
    f.push(associateRq);
    const [out] = f.push(
      pdu(0x04, Buffer.concat([command(true), pdv(0, 4, Buffer.from('abcd')), pdv(2, 2, Buffer.from('ef'))])),
    );
    expect(out?.forLibrary).toEqual([pdu(0x04, command(true)), pdu(0x04, pdv(2, 0))]);
    expect(out?.datasets).toEqual([{ bytes: Buffer.from('abcdef') }]);
  });

  it('drops a data set past its budget but still completes the message', () => {
    const f = framer();
    f.push(associateRq);
    f.push(pdu(0x04, command(true)));
    for (let i = 0; i < 4; i++) f.push(pdu(0x04, pdv(0, 1000)));
    const [out] = f.push(pdu(0x04, pdv(2, 10)));
    expect(out?.datasets).toEqual([{ oversized: 4010 }]);
    expect(f.push(pdu(0x04, command(false)))).toHaveLength(1);
  });

  it.each([
    ['a data-set fragment no command announced', [pdu(0x04, pdv(0, 10))]],
    ['a command fragment while a data set is due', [pdu(0x04, command(true)), pdu(0x04, command(false))]],
    ['a command set past its budget', [pdu(0x04, pdv(1, 400)), pdu(0x04, pdv(1, 400))]],
    [
      'a command set with an element outside group 0000',
      [pdu(0x04, pdv(3, 8, Buffer.from([8, 0, 0x50, 0, 0, 0, 0, 0])))],
    ],
    ['a PDV on a presentation context not accepted', [pdu(0x04, Buffer.from([0, 0, 0, 2, 5, 3]))]],
  ])('refuses %s', (_case, pdus) => {
    const f = framer();
    f.push(associateRq);
    expect(violation(f, Buffer.concat(pdus))).toBe(AbortReason.InvalidPduParameterValue);
  });

  it('aborts an association past its total byte budget, however its messages are cut', () => {
    const f = framer(associateRq.length + 100);
    f.push(associateRq);
    f.push(pdu(0x04, command(false)));
    expect(violation(f, Buffer.concat([pdu(0x04, command(false)), pdu(0x04, command(false))]))).toBe(
      AbortReason.NotSpecified,
    );
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
